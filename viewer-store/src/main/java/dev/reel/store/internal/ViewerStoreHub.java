package dev.reel.store.internal;

import dev.reel.api.ApplicationId;
import dev.reel.api.StoreId;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.StoreInfo;
import dev.reel.store.ChunkStore;
import dev.reel.store.ChunkStoreConfig;
import dev.reel.store.ExportRequest;
import dev.reel.store.MemoryUsage;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.StoreListener;
import dev.reel.store.StoreSnapshot;
import dev.reel.store.StoreSummary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store hub: messages pooled by store id into stores, each opened by its first chunk; blueprints per
 * application ({@link Blueprints}); the memory limit ({@link MemoryPolicy}); snapshots for writing out
 * ({@link HubSnapshot}). Messages are numbered in the order they are accepted; a snapshot is taken in that
 * same order, so it holds exactly the messages up to its number.
 */
public final class ViewerStoreHub implements StoreHub {
    private static final Logger LOG = LoggerFactory.getLogger(ViewerStoreHub.class);

    private final StoreHubConfig config;
    private final BufferAllocator allocator;
    private final QueryCache cache;
    private final Map<StoreId, PooledStore> stores = new ConcurrentHashMap<>();
    /** Store infos of stores that have no data yet; also guards the opening of stores. */
    private final Map<StoreId, Announcement> announced = new HashMap<>();
    private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();
    private final Blueprints blueprints;
    private final MemoryPolicy memory;
    /** The order of acceptance: ingests and snapshots take turns. */
    private final ReentrantLock order = new ReentrantLock();
    private long sequence;

    private record Announcement(StoreInfo info, String source) {}

    public ViewerStoreHub(StoreHubConfig config, BufferAllocator parent) {
        this.config = config;
        this.allocator = parent.newChildAllocator("viewer-store", 0, Long.MAX_VALUE);
        this.cache = new QueryCache(config.queryCacheBytes());
        this.blueprints = new Blueprints(this, allocator);
        this.memory = new MemoryPolicy(config, allocator, cache, stores::values);
    }

    @Override
    public long ingest(LogMsg message, String source) {
        order.lock();
        try {
            if (message instanceof ArrowMsg arrow) {
                insert(arrow, source);
                listeners.forEach(l -> l.grew(arrow.storeId()));
                memory.collectIfNeeded();
            } else if (message instanceof SetStoreInfo info) {
                announce(info.info(), source);
            } else {
                blueprints.activate((BlueprintActivationCommand) message);
            }
            return ++sequence;
        } catch (RuntimeException e) {
            message.close();
            throw e;
        } finally {
            order.unlock();
        }
    }

    @Override
    public long sequence() {
        order.lock();
        try {
            return sequence;
        } finally {
            order.unlock();
        }
    }

    /**
     * A store opens with its first chunk: a store info alone only announces one, so that a stream whose data is
     * all refused leaves no empty recording behind.
     */
    private void announce(StoreInfo info, String source) {
        synchronized (announced) {
            PooledStore store = stores.get(info.storeId());
            if (store != null) {
                store.info = info;
                store.sources.add(source);
            } else {
                announced.put(info.storeId(), new Announcement(info, source));
            }
        }
    }

    private void insert(ArrowMsg arrow, String source) {
        StoreId id = arrow.storeId();
        PooledStore store = stores.get(id);
        if (store == null) {
            synchronized (announced) {
                store = stores.get(id);
                if (store == null) {
                    open(id, arrow, source);
                    return;
                }
            }
        }
        store.sources.add(source);
        store.chunks.insert(arrow.chunk());
    }

    private void open(StoreId id, ArrowMsg first, String source) {
        PooledStore store = newStore(id, null);
        try {
            store.chunks.insert(first.chunk());
        } catch (RuntimeException e) {
            store.chunks.close();
            throw e;
        }
        Announcement announcement = announced.remove(id);
        if (announcement != null) {
            store.info = announcement.info();
            store.sources.add(announcement.source());
        }
        store.sources.add(source);
        stores.put(id, store);
        LOG.info("opened {} (from {})", id, source);
        listeners.forEach(l -> l.opened(id));
    }

    PooledStore newStore(StoreId id, StoreId cloneOf) {
        return new PooledStore(new InMemoryChunkStore(id, config.chunkStore(), allocator, cache), cloneOf);
    }

    /** Adds a blueprint clone ({@link Blueprints}). */
    void addClone(PooledStore clone) {
        stores.put(clone.id(), clone);
        listeners.forEach(l -> l.opened(clone.id()));
    }

    PooledStore pooled(StoreId id) {
        return stores.get(id);
    }

    Collection<PooledStore> pooledStores() {
        return stores.values();
    }

    @Override
    public List<StoreSummary> stores() {
        List<StoreSummary> summaries = new ArrayList<>();
        for (PooledStore store : stores.values()) {
            summaries.add(store.summary());
        }
        summaries.sort(Comparator.comparing(StoreSummary::id));
        return summaries;
    }

    @Override
    public Optional<StoreSummary> summary(StoreId id) {
        return Optional.ofNullable(stores.get(id)).map(PooledStore::summary);
    }

    @Override
    public Optional<ChunkStore> store(StoreId id) {
        return Optional.ofNullable(stores.get(id)).map(s -> s.chunks);
    }

    @Override
    public Optional<StoreId> defaultBlueprint(ApplicationId application) {
        return blueprints.defaultOf(application);
    }

    @Override
    public Optional<StoreId> activeBlueprint(ApplicationId application) {
        return blueprints.activeOf(application);
    }

    @Override
    public boolean drop(StoreId id) {
        synchronized (announced) {
            announced.remove(id);
        }
        PooledStore store = stores.remove(id);
        if (store == null) {
            return false;
        }
        blueprints.forget(id);
        store.chunks.close();
        LOG.info("dropped {}", id);
        listeners.forEach(l -> l.dropped(id));
        return true;
    }

    @Override
    public StoreSnapshot snapshot(ExportRequest request) {
        order.lock();
        try {
            return HubSnapshot.take(sequence, List.copyOf(stores.values()), request, blueprints, allocator);
        } finally {
            order.unlock();
        }
    }

    @Override
    public StoreHub compacted(ChunkStoreConfig compaction, int maxPasses) {
        return HubCompaction.compacted(this, config, compaction, maxPasses);
    }

    /** A fresh hub with this one's settings and another allocator parent, for {@link HubCompaction}. */
    ViewerStoreHub emptyLike(StoreHubConfig settings) {
        return new ViewerStoreHub(settings, allocator);
    }

    /** Adds a copied store to a fresh hub ({@link HubCompaction}). */
    void adopt(PooledStore store) {
        stores.put(store.id(), store);
    }

    BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public MemoryUsage memory() {
        return memory.usage();
    }

    @Override
    public void setMemoryLimit(long bytes) {
        memory.setLimit(bytes);
    }

    @Override
    public void addListener(StoreListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(StoreListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        for (StoreId id : List.copyOf(stores.keySet())) {
            PooledStore store = stores.remove(id);
            if (store != null) {
                store.chunks.close();
            }
        }
        cache.clear();
        allocator.close();
    }
}
