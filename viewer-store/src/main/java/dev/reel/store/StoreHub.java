package dev.reel.store;

import dev.reel.api.ApplicationId;
import dev.reel.api.StoreId;
import dev.reel.api.log.LogMsg;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The viewer's store hub, headless (rerun-data-platform.md D.1, D.2): messages from any number of sources
 * are pooled by store id into logical recordings and blueprints that are never complete; each application has
 * a default and an active blueprint; memory is kept under a limit by collecting the oldest temporal data.
 * Thread-safe. In the OSGi runtime the viewer-store bundle registers one as a service; elsewhere create one with
 * {@link dev.reel.store.hub.StoreHubs}.
 */
@ProviderType
public interface StoreHub extends AutoCloseable {
    /**
     * Adds a message to its store, taking ownership of it. A store opens with its first chunk (a store info alone
     * only announces it). {@code source} names where the message came from (a file, a connection) and is listed
     * in the store's summary.
     *
     * @return the message's number in the order the hub accepted messages (see {@link #sequence()})
     */
    long ingest(LogMsg message, String source);

    /** The number of the last message accepted: messages are numbered 1, 2, ... in the order accepted. */
    long sequence();

    /**
     * Freezes the selected stores for writing them out in Rerun's order (see {@link StoreSnapshot}): the one way
     * pooled data leaves the hub as a stream. The caller closes the snapshot.
     */
    StoreSnapshot snapshot(ExportRequest request);

    /** Every store: recordings and blueprints. */
    List<StoreSummary> stores();

    Optional<StoreSummary> summary(StoreId id);

    Optional<ChunkStore> store(StoreId id);

    /** The blueprint the application falls back to (usually the one its SDK sent). */
    Optional<StoreId> defaultBlueprint(ApplicationId application);

    /** The blueprint in use for the application: a clone of the one activated (or of the default). */
    Optional<StoreId> activeBlueprint(ApplicationId application);

    /**
     * Forgets a store: its memory, and in a server its journal, so it does not come back; false if there was
     * none.
     */
    boolean drop(StoreId id);

    /**
     * A new hub holding this hub's stores compacted with {@code config} (Rerun's offline compaction, as
     * {@code rrd optimize} does it): every chunk is re-inserted, in chunk-id order, into a fresh store with
     * that config, pass after pass, until a pass no longer reduces the number of chunks or {@code maxPasses}
     * were made. Blueprint clones are not carried over. This hub is left as it is.
     */
    StoreHub compacted(ChunkStoreConfig config, int maxPasses);

    MemoryUsage memory();

    /**
     * Changes the memory limit while the hub runs (Configuration Admin updates of {@code dev.reel.store}); above
     * the new limit the oldest temporal data is collected at once.
     *
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    void setMemoryLimit(long bytes);

    void addListener(StoreListener listener);

    void removeListener(StoreListener listener);

    /** Drops every store and releases all memory. */
    @Override
    void close();
}
