package dev.reel.distribution.cli;

import static java.util.Objects.requireNonNull;

import dev.reel.api.ChunkId;
import dev.reel.api.EntityPath;
import dev.reel.api.StoreId;
import dev.reel.api.Tuid;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.ComponentColumn;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.rrd.RrdFrame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every store of the inputs held in memory, the way {@code rerun rrd split} and {@code compare} load them
 * (stores without compaction): chunks by id, a repeated chunk id ignored; the store infos and blueprint
 * activation commands of each store. Owns the chunks.
 */
final class InMemoryStores implements AutoCloseable {
    /** An entity's component. */
    record ComponentKey(EntityPath entity, String component) {}

    /** One row of one chunk. */
    record ChunkRow(Chunk chunk, int row) {}

    /** One store, in the order its messages came. */
    static final class Store {
        private final StoreId id;
        private final List<SetStoreInfo> infos = new ArrayList<>();
        private final List<BlueprintActivationCommand> activations = new ArrayList<>();
        private final Map<ChunkId, Chunk> chunks = new LinkedHashMap<>();

        Store(StoreId id) {
            this.id = requireNonNull(id, "id is null");
        }

        StoreId id() {
            return id;
        }

        List<SetStoreInfo> infos() {
            return infos;
        }

        List<BlueprintActivationCommand> activations() {
            return activations;
        }

        /** The chunks in the order they came. */
        Collection<Chunk> chunks() {
            return chunks.values();
        }

        /**
         * The static value of every component that has one: of all static rows holding the component, the one
         * with the highest row id, which shadows any temporal data of that component (Rerun's static rule).
         */
        Map<ComponentKey, ChunkRow> staticValues() {
            Map<ComponentKey, ChunkRow> winners = new HashMap<>();
            Map<ComponentKey, Tuid> winningIds = new HashMap<>();
            for (Chunk chunk : chunks.values()) {
                if (!chunk.isStatic()) {
                    continue;
                }
                for (ComponentColumn column : chunk.components()) {
                    ComponentKey key = new ComponentKey(chunk.entityPath(), column.descriptor().component());
                    for (int row = 0; row < chunk.numRows(); row++) {
                        Tuid rowId = chunk.rowId(row);
                        Tuid best = winningIds.get(key);
                        if (column.isPresent(row) && (best == null || rowId.compareTo(best) > 0)) {
                            winningIds.put(key, rowId);
                            winners.put(key, new ChunkRow(chunk, row));
                        }
                    }
                }
            }
            return winners;
        }
    }

    private final Map<StoreId, Store> stores = new LinkedHashMap<>();

    /** Reads every input of the scan into memory. */
    static InMemoryStores load(RrdScan scan) throws IOException {
        InMemoryStores loaded = new InMemoryStores();
        try {
            scan.run(new RrdScan.Listener() {
                @Override
                public void message(RrdInput input, RrdFrame frame, LogMsg message) {
                    loaded.add(message);
                }
            }, true);
        } catch (IOException | RuntimeException e) {
            loaded.close();
            throw e;
        }
        return loaded;
    }

    private void add(LogMsg message) {
        Store store = stores.computeIfAbsent(message.storeId(), Store::new);
        if (message instanceof SetStoreInfo info) {
            store.infos.add(info);
        } else if (message instanceof BlueprintActivationCommand command) {
            store.activations.add(command);
        } else {
            Chunk chunk = ((ArrowMsg) message).chunk();
            if (store.chunks.putIfAbsent(chunk.id(), chunk) != null) {
                chunk.close();
            }
        }
    }

    /** The stores in the order they first appeared. */
    Collection<Store> stores() {
        return stores.values();
    }

    @Override
    public void close() {
        stores.values().forEach(store -> store.chunks.values().forEach(Chunk::close));
        stores.clear();
    }
}
