package dev.reel.rrd.tools;

import dev.reel.api.ChunkId;
import dev.reel.api.EntityPath;
import dev.reel.api.StoreId;
import dev.reel.api.TimeInt;
import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.ComponentColumn;
import dev.reel.api.log.TimeColumn;
import dev.reel.store.ChunkRows;
import dev.reel.store.ChunkStore;
import dev.reel.store.ComponentCell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Cuts one recording store into time windows of one timeline, with the rules of {@code rerun rrd split}: each
 * window gets the rows of its time range, sliced out of the chunks that cross its bounds, plus a "bootstrap":
 * the value each component had when the window starts (its latest-at value, or its static value, as the store
 * answers them), copied as a one-row chunk with new chunk and row ids, so that a window viewed alone shows what
 * the whole recording shows at that time. Transforms and pinholes with multiplexed coordinate frames get every
 * earlier row instead. Temporal data of components with a static value is left out: the store's static value
 * shadows it.
 */
final class RecordingSplitter {
    /** Components that are never bootstrapped (Rerun's special components: video samples, transforms, pinholes). */
    private static final String VIDEO_SAMPLE = "VideoStream:sample";
    private static final Set<String> FRAME_COMPONENTS = Set.of("Transform3D:parent_frame",
            "Transform3D:child_frame", "Pinhole:parent_frame", "Pinhole:child_frame");

    /**
     * A chunk of a window.
     *
     * @param order the id of the chunk it comes from: windows keep the original chunk order
     * @param owned true if the chunk was made for the window (close it after writing), false if it is the
     *     store's own
     */
    record Piece(ChunkId order, Chunk chunk, boolean owned) {}

    /** An entity's component. */
    private record ComponentKey(EntityPath entity, String component) {}

    /** A temporal chunk on the split timeline: its rows ordered by (time, row id). */
    private static final class Temporal {
        final Chunk chunk;
        final int[] order;
        final long[] times;
        final boolean sorted;
        /** For each component with data: the smallest and largest time of a row that holds it. */
        final Map<String, long[]> ranges = new LinkedHashMap<>();

        Temporal(Chunk chunk, TimeColumn time) {
            this.chunk = chunk;
            this.order = IntStream.range(0, chunk.numRows()).boxed()
                    .sorted(Comparator.<Integer>comparingLong(time::get).thenComparing(chunk::rowId))
                    .mapToInt(Integer::intValue).toArray();
            this.times = new long[order.length];
            boolean inOrder = true;
            for (int i = 0; i < order.length; i++) {
                times[i] = time.get(order[i]);
                inOrder &= order[i] == i;
            }
            this.sorted = inOrder;
            for (ComponentColumn column : chunk.components()) {
                for (int row = 0; row < chunk.numRows(); row++) {
                    if (column.isPresent(row)) {
                        long t = time.get(row);
                        long[] range = ranges.computeIfAbsent(column.descriptor().component(),
                                c -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
                        range[0] = Math.min(range[0], t);
                        range[1] = Math.max(range[1], t);
                    }
                }
            }
        }

        /** True if a component accepted by {@code component} holds data in {@code [from, to)}. */
        boolean hasData(long from, long to, Predicate<String> component) {
            return ranges.entrySet().stream().anyMatch(e -> component.test(e.getKey())
                    && e.getValue()[0] < to && e.getValue()[1] >= from);
        }
    }

    /** Null when the recording holds no chunks (only store infos): then nothing asks it. */
    private final ChunkStore store;
    private final Timeline timeline;
    private final boolean dropOtherTimelines;
    private final BufferAllocator allocator;
    /** The store's chunks by id, for copying the rows its queries answer with. */
    private final Map<ChunkId, Chunk> chunks = new HashMap<>();
    private final Map<EntityPath, Set<String>> componentsByEntity = new LinkedHashMap<>();
    /** Components with a static value: their temporal data is shadowed. */
    private final Set<ComponentKey> staticComponents = new HashSet<>();
    private final List<Temporal> temporal = new ArrayList<>();
    private final Set<EntityPath> multiplexedFrames = new LinkedHashSet<>();
    private int chunksWithoutTimeline;

    /** Splits {@code recording} of {@code stores}, whose chunks it uses while they are open. */
    RecordingSplitter(RrdStores stores, StoreId recording, Timeline timeline, boolean dropOtherTimelines,
            BufferAllocator allocator) {
        this.store = stores.store(recording).orElse(null);
        this.timeline = timeline;
        this.dropOtherTimelines = dropOtherTimelines;
        this.allocator = allocator;
        for (Chunk chunk : stores.chunks(recording)) {
            chunks.put(chunk.id(), chunk);
            Set<String> components = componentsByEntity.computeIfAbsent(chunk.entityPath(), e -> new LinkedHashSet<>());
            chunk.components().forEach(c -> components.add(c.descriptor().component()));
            if (chunk.isStatic()) {
                continue;
            }
            TimeColumn time = chunk.timeColumn(timeline).orElse(null);
            if (time == null) {
                chunksWithoutTimeline++;
                continue;
            }
            Temporal t = new Temporal(chunk, time);
            temporal.add(t);
            if (t.ranges.keySet().stream().anyMatch(FRAME_COMPONENTS::contains)) {
                multiplexedFrames.add(chunk.entityPath());
            }
        }
        componentsByEntity.forEach((entity, components) -> components.stream()
                .filter(component -> this.store.latestAtStatic(entity, component).isPresent())
                .forEach(component -> staticComponents.add(new ComponentKey(entity, component))));
    }

    /** Temporal chunks without the split timeline: Rerun leaves them out of every window. */
    int chunksWithoutTimeline() {
        return chunksWithoutTimeline;
    }

    /** The chunks of the window {@code [start, end)}, in the order of the chunks they come from. */
    List<Piece> window(long start, long end) {
        List<Piece> pieces = new ArrayList<>();
        try {
            componentsByEntity.forEach((entity, components) -> {
                for (String component : components) {
                    if (!isSpecial(component)) {
                        bootstrap(new ComponentKey(entity, component), start, pieces);
                    }
                }
            });
            for (Temporal t : temporal) {
                EntityPath entity = t.chunk.entityPath();
                Predicate<String> notShadowed = c -> !staticComponents.contains(new ComponentKey(entity, c));
                slice(t, start, end, notShadowed, pieces);
                if (multiplexedFrames.contains(entity)) {
                    slice(t, TimeInt.MIN, start, notShadowed.and(RecordingSplitter::isFrameCarrier), pieces);
                }
            }
        } catch (RuntimeException e) {
            pieces.stream().filter(Piece::owned).forEach(p -> p.chunk().close());
            throw e;
        }
        pieces.sort(Comparator.comparing(Piece::order));
        return pieces;
    }

    /** The rows of {@code t} in {@code [from, to)}, if one of its components accepted by the filter has data there. */
    private void slice(Temporal t, long from, long to, Predicate<String> components, List<Piece> pieces) {
        int lo = lowerBound(t.times, from);
        int hi = lowerBound(t.times, to);
        if (hi <= lo || !t.hasData(from, to, components)) {
            return;
        }
        boolean whole = lo == 0 && hi == t.times.length && t.sorted
                && (!dropOtherTimelines || t.chunk.timeColumns().size() == 1);
        if (whole) {
            pieces.add(new Piece(t.chunk.id(), t.chunk, false));
        } else {
            pieces.add(new Piece(t.chunk.id(), ChunkRows.of(t.chunk, Arrays.copyOfRange(t.order, lo, hi))
                    .timelines(this::keepTimeline).copy(ChunkId.next(), allocator), true));
        }
    }

    /**
     * The value of a component when the window starts, if it was set before and not inside the window: the
     * store's latest-at answer at the start, which is the static value when there is one.
     */
    private void bootstrap(ComponentKey key, long start, List<Piece> pieces) {
        Optional<ComponentCell> value = store.latestAt(key.entity(), key.component(), timeline, start);
        if (value.isEmpty() || !value.get().isStatic() && value.get().time() >= start) {
            return; // never set before the window, or the window holds it already
        }
        Chunk chunk = chunks.get(value.get().chunkId());
        pieces.add(new Piece(chunk.id(), ChunkRows.of(chunk, rowOf(chunk, value.get().rowId()))
                .timelines(this::keepTimeline).components(key.component()::equals).withFreshRowIds()
                .copy(ChunkId.next(), allocator), true));
    }

    private boolean keepTimeline(String name) {
        return !dropOtherTimelines || name.equals(timeline.name());
    }

    private static boolean isSpecial(String component) {
        return component.equals(VIDEO_SAMPLE) || isFrameCarrier(component);
    }

    private static boolean isFrameCarrier(String component) {
        return component.startsWith("Transform3D:") || component.startsWith("Pinhole:");
    }

    /** The first index whose time is {@code >= time}. */
    private static int lowerBound(long[] times, long time) {
        int lo = 0;
        int hi = times.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The row of a stored chunk, which the store keeps in row-id order. */
    private static int rowOf(Chunk chunk, Tuid rowId) {
        int lo = 0;
        int hi = chunk.numRows() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = chunk.rowId(mid).compareTo(rowId);
            if (c == 0) {
                return mid;
            } else if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        throw new IllegalStateException(chunk.id() + " has no row " + rowId);
    }
}
