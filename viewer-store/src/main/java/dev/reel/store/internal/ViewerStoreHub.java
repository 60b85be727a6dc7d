package dev.reel.store.internal;

import dev.reel.api.ApplicationId;
import dev.reel.api.RecordingId;
import dev.reel.api.StoreId;
import dev.reel.api.StoreKind;
import dev.reel.api.Tuid;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.StoreInfo;
import dev.reel.api.log.Chunk;
import dev.reel.store.ChunkStore;
import dev.reel.store.ChunkStoreConfig;
import dev.reel.store.MemoryUsage;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.StoreListener;
import dev.reel.store.StoreSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store hub: stores by id, blueprint defaults and active clones per application, and the memory limit.
 * When memory goes over the limit the query cache is dropped first, then the oldest temporal chunks of all
 * recordings (by smallest row id) until at least a quarter of the memory is freed; static data and the
 * newest chunk of every component are never collected.
 */
public final class ViewerStoreHub implements StoreHub {
    private static final Logger LOG = LoggerFactory.getLogger(ViewerStoreHub.class);
    /**
     * Heap the store keeps per chunk beside its Arrow data: vectors, fields, metadata maps, index entries.
     * Measured by {@code StoreMemoryCheck} (BENCHMARKS.md, "Memory per million rows"): about 5 KB for a
     * one-component chunk and 7.8 KB for a compacted one.
     */
    static final long HEAP_PER_CHUNK = 6 * 1024;
    /**
     * Heap per received chunk id remembered after its chunk was merged into another, so that it stays a
     * duplicate (two hash-set entries and the id): measured with StoreMemoryCheck on live 1-to-16-row data.
     */
    static final long HEAP_PER_MERGED_ID = 160;

    private final StoreHubConfig config;
    private final BufferAllocator allocator;
    private final QueryCache cache;
    private final Map<StoreId, Entry> stores = new ConcurrentHashMap<>();
    /** Store infos of stores that have no data yet; guards the opening of stores. */
    private final Map<StoreId, Announcement> announced = new HashMap<>();
    private final Map<ApplicationId, StoreId> defaultBlueprints = new HashMap<>();
    private final Map<ApplicationId, StoreId> activeBlueprints = new HashMap<>();
    private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong collected = new AtomicLong();
    private final Object gcLock = new Object();

    private record Announcement(StoreInfo info, String source) {}

    /** One store and what the hub knows about it. */
    private static final class Entry {
        final InMemoryChunkStore store;
        final Set<String> sources = ConcurrentHashMap.newKeySet();
        volatile StoreInfo info;
        volatile boolean clone;

        Entry(InMemoryChunkStore store) {
            this.store = store;
        }
    }

    public ViewerStoreHub(StoreHubConfig config, BufferAllocator parent) {
        this.config = config;
        this.allocator = parent.newChildAllocator("viewer-store", 0, Long.MAX_VALUE);
        this.cache = new QueryCache(config.queryCacheBytes());
    }

    @Override
    public void ingest(LogMsg message, String source) {
        try {
            if (message instanceof ArrowMsg arrow) {
                insert(arrow, source);
                listeners.forEach(l -> l.grew(arrow.storeId()));
                collectIfNeeded();
            } else if (message instanceof SetStoreInfo info) {
                announce(info.info(), source);
            } else {
                activate((BlueprintActivationCommand) message);
            }
        } catch (RuntimeException e) {
            message.close();
            throw e;
        }
    }

    /**
     * A store opens with its first chunk: a store info alone only announces one, so that a stream whose data is
     * all refused leaves no empty recording behind.
     */
    private void announce(StoreInfo info, String source) {
        synchronized (announced) {
            Entry entry = stores.get(info.storeId());
            if (entry != null) {
                entry.info = info;
                entry.sources.add(source);
            } else {
                announced.put(info.storeId(), new Announcement(info, source));
            }
        }
    }

    private void insert(ArrowMsg arrow, String source) {
        StoreId id = arrow.storeId();
        Entry entry = stores.get(id);
        if (entry == null) {
            synchronized (announced) {
                entry = stores.get(id);
                if (entry == null) {
                    open(id, arrow, source);
                    return;
                }
            }
        }
        entry.sources.add(source);
        entry.store.insert(arrow.chunk());
    }

    private void open(StoreId id, ArrowMsg first, String source) {
        Entry entry = new Entry(new InMemoryChunkStore(id, config.chunkStore(), allocator, cache));
        try {
            entry.store.insert(first.chunk());
        } catch (RuntimeException e) {
            entry.store.close();
            throw e;
        }
        Announcement announcement = announced.remove(id);
        if (announcement != null) {
            entry.info = announcement.info();
            entry.sources.add(announcement.source());
        }
        entry.sources.add(source);
        stores.put(id, entry);
        LOG.info("opened {} (from {})", id, source);
        listeners.forEach(l -> l.opened(id));
    }

    /** Rerun's StoreHub rules for {@code BlueprintActivationCommand} (rerun-data-platform.md D.2). */
    private synchronized void activate(BlueprintActivationCommand command) {
        StoreId id = command.blueprintId();
        if (id.kind() != StoreKind.BLUEPRINT) {
            LOG.debug("ignoring an activation command for recording {}", id);
            return;
        }
        Entry blueprint = stores.get(id);
        if (blueprint == null || blueprint.info == null) {
            LOG.warn("ignoring an activation command for {}: no store info and data were received for it first", id);
            return;
        }
        ApplicationId application = id.applicationId();
        if (command.makeDefault()) {
            defaultBlueprints.put(application, id);
            if (!activeBlueprints.containsKey(application)) {
                activateClone(application, id);
            }
        }
        if (command.makeActive()) {
            activateClone(application, id);
        }
    }

    /** The active blueprint is a snapshot clone of the one activated, replacing the previous clone. */
    private void activateClone(ApplicationId application, StoreId source) {
        Entry original = stores.get(source);
        StoreId cloneId = new StoreId(StoreKind.BLUEPRINT, application, RecordingId.random());
        InMemoryChunkStore clone = new InMemoryChunkStore(cloneId, config.chunkStore(), allocator, cache);
        try {
            original.store.forEachChunk(chunk -> clone.insert(ChunkOps.slice(chunk, 0, chunk.numRows(), allocator)));
        } catch (RuntimeException e) {
            clone.close();
            throw e;
        }
        Entry entry = new Entry(clone);
        entry.clone = true;
        entry.info = new StoreInfo(cloneId, original.info.source(), original.info.storeVersion());
        entry.sources.add("clone of " + source);
        stores.put(cloneId, entry);
        StoreId previous = activeBlueprints.put(application, cloneId);
        if (previous != null && stores.containsKey(previous) && stores.get(previous).clone) {
            drop(previous);
        }
        LOG.info("blueprint {} is now active for {} (as {})", source, application, cloneId);
        listeners.forEach(l -> l.opened(cloneId));
    }

    @Override
    public List<StoreSummary> stores() {
        List<StoreSummary> summaries = new ArrayList<>();
        for (Entry entry : stores.values()) {
            summaries.add(summaryOf(entry));
        }
        summaries.sort(Comparator.comparing(StoreSummary::id));
        return summaries;
    }

    private static StoreSummary summaryOf(Entry entry) {
        return new StoreSummary(entry.store.id(), Optional.ofNullable(entry.info), entry.sources, entry.store.stats());
    }

    @Override
    public Optional<StoreSummary> summary(StoreId id) {
        return Optional.ofNullable(stores.get(id)).map(ViewerStoreHub::summaryOf);
    }

    @Override
    public Optional<ChunkStore> store(StoreId id) {
        return Optional.ofNullable(stores.get(id)).map(e -> e.store);
    }

    @Override
    public synchronized Optional<StoreId> defaultBlueprint(ApplicationId application) {
        return Optional.ofNullable(defaultBlueprints.get(application)).filter(stores::containsKey);
    }

    @Override
    public synchronized Optional<StoreId> activeBlueprint(ApplicationId application) {
        StoreId active = activeBlueprints.get(application);
        if (active != null && stores.containsKey(active)) {
            return Optional.of(active);
        }
        StoreId fallback = defaultBlueprints.get(application);
        if (fallback != null && stores.containsKey(fallback)) {
            activateClone(application, fallback);
            return Optional.of(activeBlueprints.get(application));
        }
        return Optional.empty();
    }

    @Override
    public boolean drop(StoreId id) {
        synchronized (announced) {
            announced.remove(id);
        }
        Entry entry = stores.remove(id);
        if (entry == null) {
            return false;
        }
        synchronized (this) {
            defaultBlueprints.values().remove(id);
            activeBlueprints.values().remove(id);
        }
        entry.store.close();
        LOG.info("dropped {}", id);
        listeners.forEach(l -> l.dropped(id));
        return true;
    }

    @Override
    public void export(StoreId id, Consumer<LogMsg> consumer) {
        Entry entry = stores.get(id);
        if (entry == null) {
            return;
        }
        if (entry.info != null) {
            consumer.accept(new SetStoreInfo(Tuid.next(), entry.info));
        }
        entry.store.forEachChunk(chunk -> consumer.accept(new ArrowMsg(id, chunk)));
        if (id.isBlueprint()) {
            consumer.accept(new BlueprintActivationCommand(id, true, true));
        }
    }

    @Override
    public StoreHub compacted(ChunkStoreConfig compaction, int maxPasses) {
        ViewerStoreHub current = copyInto(this, compaction);
        for (int pass = 1; pass < maxPasses; pass++) {
            ViewerStoreHub next = copyInto(current, compaction);
            boolean fewer = next.chunkCount() < current.chunkCount();
            current.close();
            current = next;
            if (!fewer) {
                break;
            }
        }
        return current;
    }

    /** A fresh hub with {@code source}'s stores re-inserted chunk by chunk, in chunk-id order. */
    private ViewerStoreHub copyInto(ViewerStoreHub source, ChunkStoreConfig compaction) {
        ViewerStoreHub target = new ViewerStoreHub(config.withChunkStore(compaction), allocator);
        for (Entry entry : source.stores.values()) {
            if (entry.clone) {
                continue;
            }
            Entry copy = new Entry(new InMemoryChunkStore(entry.store.id(), compaction, target.allocator, target.cache));
            copy.info = entry.info;
            copy.sources.addAll(entry.sources);
            target.stores.put(entry.store.id(), copy);
            for (Chunk chunk : entry.store.chunksById()) {
                copy.store.insert(ChunkOps.slice(chunk, 0, chunk.numRows(), target.allocator));
            }
        }
        return target;
    }

    private long chunkCount() {
        return stores.values().stream().mapToLong(e -> e.store.chunkCount()).sum();
    }

    // ---------------------------------------------------------------------------------------------- memory

    @Override
    public MemoryUsage memory() {
        return new MemoryUsage(used(), config.memoryLimitBytes(), allocator.getAllocatedMemory(),
                cache.weightedSize(), collected.get());
    }

    private long used() {
        long heap = 0;
        for (Entry entry : stores.values()) {
            heap += entry.store.heapEstimate();
        }
        return allocator.getAllocatedMemory() + heap + cache.weightedSize();
    }

    private void collectIfNeeded() {
        if (used() <= config.memoryLimitBytes()) {
            return;
        }
        synchronized (gcLock) {
            long used = used();
            long limit = config.memoryLimitBytes();
            if (used <= limit) {
                return;
            }
            cache.clear();
            used = used();
            if (used <= limit) {
                return;
            }
            // Rerun's viewer frees clamp(excess + 20%, 25%, 100%) of what it uses
            double fraction = Math.min(1.0, Math.max(0.25, (double) (used - limit) / used + 0.2));
            long target = (long) (used * fraction);
            long freed = collect(target);
            collected.addAndGet(freed);
            LOG.info("memory {} MiB over the limit of {} MiB: collected {} MiB of the oldest temporal data",
                    (used - limit) >> 20, limit >> 20, freed >> 20);
        }
    }

    /** Drops the oldest temporal chunks of all recordings until {@code target} bytes are freed. */
    private long collect(long target) {
        List<InMemoryChunkStore.GcCandidate> candidates = new ArrayList<>();
        for (Entry entry : stores.values()) {
            if (!entry.store.id().isBlueprint()) {
                candidates.addAll(entry.store.gcCandidates());
            }
        }
        candidates.sort(Comparator.comparing(InMemoryChunkStore.GcCandidate::minRowId));
        Map<InMemoryChunkStore, List<dev.reel.api.ChunkId>> chosen = new LinkedHashMap<>();
        long planned = 0;
        for (InMemoryChunkStore.GcCandidate candidate : candidates) {
            if (planned >= target) {
                break;
            }
            chosen.computeIfAbsent(candidate.store(), s -> new ArrayList<>()).add(candidate.chunkId());
            planned += candidate.sizeBytes() + HEAP_PER_CHUNK;
        }
        long freed = 0;
        for (Map.Entry<InMemoryChunkStore, List<dev.reel.api.ChunkId>> entry : chosen.entrySet()) {
            freed += entry.getKey().drop(entry.getValue()) + entry.getValue().size() * HEAP_PER_CHUNK;
        }
        return freed;
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
            Entry entry = stores.remove(id);
            if (entry != null) {
                entry.store.close();
            }
        }
        cache.clear();
        allocator.close();
    }
}
