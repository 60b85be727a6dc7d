package dev.reel.distribution.cli;

import dev.reel.api.ChunkId;
import dev.reel.api.EntityPath;
import dev.reel.api.TimeInt;
import dev.reel.api.Tuid;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.ComponentColumn;
import dev.reel.api.log.TimeColumn;
import dev.reel.distribution.cli.InMemoryStores.ChunkRow;
import dev.reel.distribution.cli.InMemoryStores.ComponentKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Cuts one recording store into time windows of one timeline, with the rules of {@code rerun rrd split}: each
 * window gets the rows of its time range, sliced out of the chunks that cross its bounds, plus a "bootstrap":
 * the value each component had when the window starts (its latest-at value, or its static value), copied as a
 * one-row chunk with new chunk and row ids, so that a window viewed alone shows what the whole recording shows
 * at that time. Transforms and pinholes with multiplexed coordinate frames get every earlier row instead.
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

    /** A row holding a component, on the split timeline. */
    private record Cell(long time, Tuid rowId, Chunk chunk, int row) {}

    private final String timeline;
    private final boolean dropOtherTimelines;
    private final BufferAllocator allocator;
    private final Map<ComponentKey, ChunkRow> staticValues;
    private final Map<EntityPath, Set<String>> componentsByEntity = new LinkedHashMap<>();
    private final List<Temporal> temporal = new ArrayList<>();
    private final Map<ComponentKey, List<Cell>> cells = new HashMap<>();
    private final Set<EntityPath> multiplexedFrames = new LinkedHashSet<>();
    private int chunksWithoutTimeline;

    RecordingSplitter(InMemoryStores.Store store, String timeline, boolean dropOtherTimelines,
            BufferAllocator allocator) {
        this.timeline = timeline;
        this.dropOtherTimelines = dropOtherTimelines;
        this.allocator = allocator;
        this.staticValues = store.staticValues();
        for (Chunk chunk : store.chunks()) {
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
            index(chunk, time);
            if (t.ranges.keySet().stream().anyMatch(FRAME_COMPONENTS::contains)) {
                multiplexedFrames.add(chunk.entityPath());
            }
        }
        cells.values().forEach(list -> list.sort(Comparator.comparingLong(Cell::time).thenComparing(Cell::rowId)));
    }

    private void index(Chunk chunk, TimeColumn time) {
        for (ComponentColumn column : chunk.components()) {
            List<Cell> list = cells.computeIfAbsent(
                    new ComponentKey(chunk.entityPath(), column.descriptor().component()), k -> new ArrayList<>());
            for (int row = 0; row < chunk.numRows(); row++) {
                if (column.isPresent(row)) {
                    list.add(new Cell(time.get(row), chunk.rowId(row), chunk, row));
                }
            }
        }
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
                Predicate<String> notShadowed = c -> !staticValues.containsKey(new ComponentKey(entity, c));
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
            pieces.add(new Piece(t.chunk.id(), ChunkRows.copy(t.chunk, ChunkRows.range(t.order, lo, hi),
                    this::keepTimeline, ChunkId.next(), false, allocator), true));
        }
    }

    /** The value of a component when the window starts, if it was set before and not inside the window. */
    private void bootstrap(ComponentKey key, long start, List<Piece> pieces) {
        Predicate<Field> columns = field -> ChunkRows.isIndex(field) ? keepTimeline(field)
                : ChunkRows.componentName(field).equals(key.component());
        ChunkRow value = staticValues.get(key);
        if (value == null) {
            List<Cell> list = cells.get(key);
            int at = list == null ? 0 : upperBound(list, start);
            if (at == 0) {
                return;
            }
            Cell latest = list.get(at - 1);
            if (latest.time() >= start) {
                return; // the window holds it already
            }
            value = new ChunkRow(latest.chunk(), latest.row());
        }
        pieces.add(new Piece(value.chunk().id(), ChunkRows.copy(value.chunk(), new int[] {value.row()}, columns,
                ChunkId.next(), true, allocator), true));
    }

    private boolean keepTimeline(Field field) {
        return !dropOtherTimelines || !ChunkRows.isIndex(field) || ChunkRows.indexName(field).equals(timeline);
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

    /** The first index whose time is {@code > time}. */
    private static int upperBound(List<Cell> list, long time) {
        int lo = 0;
        int hi = list.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (list.get(mid).time() <= time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
