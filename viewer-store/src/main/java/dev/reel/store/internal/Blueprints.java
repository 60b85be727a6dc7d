package dev.reel.store.internal;

import dev.reel.api.ApplicationId;
import dev.reel.api.RecordingId;
import dev.reel.api.StoreId;
import dev.reel.api.StoreKind;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.StoreInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which blueprint each application uses, with the rules of Rerun's viewer (rerun-data-platform.md D.2): a
 * {@code BlueprintActivationCommand} for a recording is ignored; {@code make_default} sets the application's
 * default; {@code make_active} makes a clone of the blueprint the active one (the viewer edits its active
 * blueprint, never the one sent); an application with a default but nothing active gets a clone of the default.
 * Thread-safe.
 */
final class Blueprints {
    private static final Logger LOG = LoggerFactory.getLogger(Blueprints.class);

    private final ViewerStoreHub hub;
    private final BufferAllocator allocator;
    private final Map<ApplicationId, StoreId> defaults = new HashMap<>();
    /** Per application, the active clone. */
    private final Map<ApplicationId, StoreId> active = new HashMap<>();

    Blueprints(ViewerStoreHub hub, BufferAllocator allocator) {
        this.hub = hub;
        this.allocator = allocator;
    }

    synchronized void activate(BlueprintActivationCommand command) {
        StoreId id = command.blueprintId();
        if (id.kind() != StoreKind.BLUEPRINT) {
            LOG.debug("ignoring an activation command for recording {}", id);
            return;
        }
        PooledStore blueprint = hub.pooled(id);
        if (blueprint == null || blueprint.info == null) {
            LOG.warn("ignoring an activation command for {}: no store info and data were received for it first", id);
            return;
        }
        ApplicationId application = id.applicationId();
        if (command.makeDefault()) {
            defaults.put(application, id);
            if (!active.containsKey(application)) {
                activateClone(application, blueprint);
            }
        }
        if (command.makeActive()) {
            activateClone(application, blueprint);
        }
    }

    /** The active blueprint is a snapshot clone of the one activated, replacing the previous clone. */
    private void activateClone(ApplicationId application, PooledStore original) {
        StoreId cloneId = new StoreId(StoreKind.BLUEPRINT, application, RecordingId.random());
        PooledStore clone = hub.newStore(cloneId, original.id());
        try {
            original.chunks.forEachChunk(chunk -> clone.chunks.insert(ChunkOps.slice(chunk, 0, chunk.numRows(),
                    allocator)));
        } catch (RuntimeException e) {
            clone.chunks.close();
            throw e;
        }
        clone.info = new StoreInfo(cloneId, original.info.source(), original.info.storeVersion());
        clone.sources.add("clone of " + original.id());
        hub.addClone(clone);
        StoreId previous = active.put(application, cloneId);
        if (previous != null) {
            hub.drop(previous);
        }
        LOG.info("blueprint {} is now active for {} (as {})", original.id(), application, cloneId);
    }

    synchronized Optional<StoreId> defaultOf(ApplicationId application) {
        return Optional.ofNullable(defaults.get(application)).filter(id -> hub.pooled(id) != null);
    }

    synchronized Optional<StoreId> activeOf(ApplicationId application) {
        StoreId clone = active.get(application);
        if (clone != null && hub.pooled(clone) != null) {
            return Optional.of(clone);
        }
        StoreId fallback = defaults.get(application);
        PooledStore blueprint = fallback == null ? null : hub.pooled(fallback);
        if (blueprint != null) {
            activateClone(application, blueprint);
            return Optional.of(active.get(application));
        }
        return Optional.empty();
    }

    /**
     * The command that gives {@code blueprint} its place in the application as the hub has it (default and/or
     * active), or empty when it is neither.
     */
    synchronized Optional<BlueprintActivationCommand> activationOf(StoreId blueprint) {
        ApplicationId application = blueprint.applicationId();
        boolean isDefault = blueprint.equals(defaults.get(application));
        PooledStore clone = active.get(application) == null ? null : hub.pooled(active.get(application));
        boolean isActive = clone != null && blueprint.equals(clone.cloneOf);
        return isDefault || isActive ? Optional.of(new BlueprintActivationCommand(blueprint, isActive, isDefault))
                : Optional.empty();
    }

    /** A store is gone: it is no longer any application's default or active blueprint. */
    synchronized void forget(StoreId id) {
        defaults.values().remove(id);
        active.values().remove(id);
    }
}
