package dev.reel.rrd.tools;

import dev.reel.api.StoreId;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.rrd.RrdFrame;
import dev.reel.store.ChunkStore;
import dev.reel.store.ChunkStoreConfig;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.hub.StoreHubs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The stores of the inputs loaded the way {@code rerun rrd split} and {@code compare} load them: one viewer-store
 * chunk store per store id, without compaction and without memory limit, so that the store's rules apply
 * (duplicate chunk ids are kept once, rows are in row-id order, static data shadows). The messages that are not
 * chunks are kept as they came, for writing them out again: store infos (a store may have only those) and
 * blueprint activation commands (the hub would act on them instead). Owns the hub; the chunks it lends stay
 * valid until it is closed.
 */
final class RrdStores implements AutoCloseable {
    /** A store's messages other than chunks, in the order they came. */
    private record Messages(List<SetStoreInfo> infos, List<BlueprintActivationCommand> activations) {}

    private final StoreHub hub;
    private final Map<StoreId, Messages> stores = new LinkedHashMap<>();

    private RrdStores(StoreHub hub) {
        this.hub = hub;
    }

    /**
     * A file tool's hub: chunks inserted with {@code compaction}, no memory limit (a file tool keeps everything it
     * is given) and no latest-at cache (it asks each question once). Not {@link StoreHubConfig#defaults}: sizing
     * the limit from the JVM's arguments loads JMX, which costs a file tool's start-up 50 ms.
     */
    static StoreHubConfig hubConfig(ChunkStoreConfig compaction) {
        return new StoreHubConfig(compaction, Long.MAX_VALUE, 0);
    }

    /** Reads every input of the scan (which must decode with {@code allocator}). */
    static RrdStores load(RrdScan scan, BufferAllocator allocator) throws IOException {
        RrdStores loaded = new RrdStores(StoreHubs.inMemory(hubConfig(ChunkStoreConfig.DISABLED), allocator));
        try {
            scan.run(new RrdScan.Listener() {
                @Override
                public void message(RrdInput input, RrdFrame frame, LogMsg message) {
                    loaded.add(message, input.name());
                }
            }, true);
        } catch (IOException | RuntimeException e) {
            loaded.close();
            throw e;
        }
        return loaded;
    }

    private void add(LogMsg message, String source) {
        Messages messages = stores.computeIfAbsent(message.storeId(),
                id -> new Messages(new ArrayList<>(), new ArrayList<>()));
        if (message instanceof SetStoreInfo info) {
            messages.infos().add(info);
        } else if (message instanceof BlueprintActivationCommand command) {
            messages.activations().add(command);
        } else {
            hub.ingest((ArrowMsg) message, source);
        }
    }

    /** Every store, in the order they first appeared. */
    List<StoreId> ids() {
        return List.copyOf(stores.keySet());
    }

    List<SetStoreInfo> infos(StoreId id) {
        return stores.get(id).infos();
    }

    List<BlueprintActivationCommand> activations(StoreId id) {
        return stores.get(id).activations();
    }

    /** The store's chunks, if it kept any. */
    Optional<ChunkStore> store(StoreId id) {
        return hub.store(id);
    }

    /**
     * The chunks the store kept, in chunk-id order (the order in which Rerun iterates a store, and for files
     * written by an SDK the order they came in); lent until this is closed.
     */
    List<Chunk> chunks(StoreId id) {
        List<Chunk> chunks = new ArrayList<>();
        hub.store(id).ifPresent(store -> store.forEachChunk(chunks::add));
        chunks.sort(Comparator.comparing(Chunk::id));
        return chunks;
    }

    @Override
    public void close() {
        hub.close();
    }
}
