package dev.reel.store;

import static java.util.Objects.requireNonNull;

import dev.reel.api.StoreId;
import dev.reel.api.StoreKind;
import java.util.Optional;

/**
 * What a {@link StoreHub#snapshot} writes out.
 *
 * @param recording one recording and the blueprints of its application; empty for every store of the hub
 * @param activations how the blueprints written are activated
 */
public record ExportRequest(Optional<StoreId> recording, Activations activations) {
    /** How blueprints are activated in an export. */
    public enum Activations {
        /**
         * As the hub has them: the application's default blueprint is written with {@code make_default}, the one
         * last activated with {@code make_active}, so that a viewer joining late shows what one watching all
         * along shows.
         */
        AS_IN_HUB,
        /** Every blueprint followed by a command making it default and active, as {@code rerun rrd merge} writes. */
        EVERY_BLUEPRINT
    }

    public ExportRequest {
        requireNonNull(recording, "recording is null");
        requireNonNull(activations, "activations is null");
        if (recording.isPresent() && recording.get().kind() != StoreKind.RECORDING) {
            throw new IllegalArgumentException("not a recording: " + recording.get());
        }
    }

    /** Every recording and blueprint, activated as in the hub. */
    public static ExportRequest everything() {
        return new ExportRequest(Optional.empty(), Activations.AS_IN_HUB);
    }

    /** One recording with its application's blueprints, activated as in the hub. */
    public static ExportRequest recording(StoreId recording) {
        return new ExportRequest(Optional.of(recording), Activations.AS_IN_HUB);
    }

    public ExportRequest withActivations(Activations value) {
        return new ExportRequest(recording, value);
    }

    /** True if the store is written by this export (blueprint clones never are). */
    public boolean includes(StoreId store) {
        return recording.isEmpty() || store.equals(recording.get())
                || store.isBlueprint() && store.applicationId().equals(recording.get().applicationId());
    }
}
