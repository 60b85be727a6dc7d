package dev.reel.store;

import dev.reel.api.ApplicationId;
import dev.reel.api.StoreId;
import dev.reel.api.log.LogMsg;
import dev.reel.store.internal.ViewerStoreHub;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The viewer's store hub, headless (rerun-data-platform.md D.1, D.2): messages from any number of sources
 * are pooled by store id into logical recordings and blueprints that are never complete; each application has
 * a default and an active blueprint; memory is kept under a limit by collecting the oldest temporal data.
 * Thread-safe. In the OSGi runtime the viewer-store bundle registers one as a service; elsewhere create one.
 */
public interface StoreHub extends AutoCloseable {
    static StoreHub create(StoreHubConfig config, BufferAllocator allocator) {
        return new ViewerStoreHub(config, allocator);
    }

    /**
     * Adds a message to its store (created on first use), taking ownership of it. {@code source} names where
     * it came from (a file, a connection) and is listed in the store's summary.
     */
    void ingest(LogMsg message, String source);

    /** Every store: recordings and blueprints. */
    List<StoreSummary> stores();

    Optional<StoreSummary> summary(StoreId id);

    Optional<ChunkStore> store(StoreId id);

    /** The blueprint the application falls back to (usually the one its SDK sent). */
    Optional<StoreId> defaultBlueprint(ApplicationId application);

    /** The blueprint in use for the application: a clone of the one activated (or of the default). */
    Optional<StoreId> activeBlueprint(ApplicationId application);

    /** Forgets a store and releases its memory; false if there was none. */
    boolean drop(StoreId id);

    /**
     * Writes a store out as messages, as Rerun does: its store info, its chunks by smallest row id, and for a
     * blueprint an activation command. The messages are lent for the call: the consumer must not keep them.
     */
    void export(StoreId id, Consumer<LogMsg> consumer);

    /**
     * A new hub holding this hub's stores compacted with {@code config} (Rerun's offline compaction, as
     * {@code rrd optimize} does it): every chunk is re-inserted, in chunk-id order, into a fresh store with
     * that config, pass after pass, until a pass no longer reduces the number of chunks or {@code maxPasses}
     * were made. Blueprint clones are not carried over. This hub is left as it is.
     */
    StoreHub compacted(ChunkStoreConfig config, int maxPasses);

    MemoryUsage memory();

    void addListener(StoreListener listener);

    void removeListener(StoreListener listener);

    /** Drops every store and releases all memory. */
    @Override
    void close();
}
