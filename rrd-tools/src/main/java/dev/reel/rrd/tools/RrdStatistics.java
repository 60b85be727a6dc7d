package dev.reel.rrd.tools;

import dev.reel.api.EntityPath;
import dev.reel.api.StoreId;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.MessageKind;
import dev.reel.api.log.Sorbet;
import dev.reel.api.log.TimeColumn;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.RrdManifest;
import dev.reel.rrd.StreamFooter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.arrow.memory.RootAllocator;

/** What {@code reel rrd stats} prints: {@code rerun rrd stats}' numbers plus a summary per store. */
public final class RrdStatistics {
    private static final String UNDERLINE = "-";

    /** Everything counted about one store. */
    private static final class StoreStats {
        final StoreId id;
        long chunks;
        long rows;
        long staticChunks;
        long bytesCompressed;
        long bytesUncompressed;
        final Map<String, TimelineRange> timelines = new TreeMap<>();
        final Set<String> entityPaths = new HashSet<>();

        StoreStats(StoreId id) {
            this.id = id;
        }
    }

    private static final class TimelineRange {
        final String type;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;

        TimelineRange(String type) {
            this.type = type;
        }
    }

    private record Footer(String source, RrdManifest manifest) {}

    private final Map<StoreId, StoreStats> stores = new LinkedHashMap<>();
    // counted in hash maps (a tree map's comparisons were a quarter of the counting), sorted when printed
    private final Map<String, Long> chunksPerEntity = new HashMap<>();
    private final Map<String, Long> chunksPerIndex = new HashMap<>();
    private final Map<String, Long> chunksPerComponent = new HashMap<>();
    private final Map<EntityPath, Map<String, Boolean>> timelineSorted = new HashMap<>();
    private final Longs rows = new Longs();
    private final Longs indexes = new Longs();
    private final Longs components = new Longs();
    private final Longs sizeCompressed = new Longs();
    private final Longs sizeUncompressed = new Longs();
    private final Longs sizeSchema = new Longs();
    private final Longs sizeData = new Longs();
    private final List<Footer> footers = new ArrayList<>();
    private long staticChunks;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean continueOnError;

    /**
     * @param out where the report goes
     * @param err where warnings and progress go
     * @param json one JSON object instead of Rerun's {@code name = value} text
     * @param continueOnError skip bad messages (reported on {@code err}) instead of stopping at the first
     */
    public RrdStatistics(PrintWriter out, PrintWriter err, boolean json, boolean continueOnError) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.continueOnError = continueOnError;
    }

    /** Reads the inputs one after another and prints the statistics of all of them. */
    public void report(List<RrdInput> inputs) throws IOException {
        try (RootAllocator allocator = new RootAllocator()) {
            RrdScan scan = new RrdScan(inputs, allocator, err, continueOnError);
            scan.run(new RrdScan.Listener() {
                private PayloadSizes pending;

                @Override
                public void frame(RrdInput input, RrdFrame frame) throws IOException {
                    pending = null;
                    if (frame.messageKind() == MessageKind.ARROW_MSG) {
                        try {
                            pending = PayloadSizes.of(input, frame);
                        } catch (RrdFormatException e) {
                            scan.skip(e);
                        }
                    }
                }

                @Override
                public void message(RrdInput input, RrdFrame frame, LogMsg message) {
                    try (message) {
                        StoreStats store = stores.computeIfAbsent(message.storeId(), StoreStats::new);
                        if (message instanceof ArrowMsg arrow && pending != null) {
                            count(store, arrow.chunk(), pending);
                        }
                    }
                }

                @Override
                public boolean readsManifests() {
                    return true;
                }

                @Override
                public void streamEnded(RrdInput input, RrdFrame end, StreamFooter footer) throws IOException {
                    scan.manifests(input, end).forEach(m -> footers.add(new Footer(input.name(), m)));
                }
            }, true);
        }
        if (json) {
            out.println(Json.encodePrettily(toJson()));
        } else {
            printText(out);
        }
        out.flush();
    }

    private void count(StoreStats store, Chunk chunk, PayloadSizes sizes) {
        String entity = chunk.metadata().getOrDefault(Sorbet.ENTITY_PATH_KEY, chunk.entityPath().toString());
        chunksPerEntity.merge(entity, 1L, Long::sum);
        chunk.timeColumns().forEach(t -> chunksPerIndex.merge(t.timeline().name(), 1L, Long::sum));
        chunk.components().forEach(c -> chunksPerComponent.merge(c.vector().getField().getName(), 1L, Long::sum));
        rows.add((long) chunk.numRows());
        indexes.add((long) chunk.timeColumns().size());
        components.add((long) chunk.components().size());
        staticChunks += chunk.isStatic() ? 1 : 0;
        for (TimeColumn time : chunk.timeColumns()) {
            timelineSorted.computeIfAbsent(chunk.entityPath(), e -> new TreeMap<>())
                    .merge(time.timeline().name(), time.isSorted(), Boolean::logicalAnd);
        }
        sizeCompressed.add(sizes.compressed());
        sizeUncompressed.add(sizes.uncompressed());
        sizeSchema.add(sizes.schema());
        sizeData.add(Math.max(0, sizes.uncompressed() - sizes.schema()));

        store.chunks++;
        store.rows += chunk.numRows();
        store.staticChunks += chunk.isStatic() ? 1 : 0;
        store.bytesCompressed += sizes.compressed();
        store.bytesUncompressed += sizes.uncompressed();
        store.entityPaths.add(chunk.entityPath().toString());
        for (TimeColumn time : chunk.timeColumns()) {
            TimelineRange range = store.timelines.computeIfAbsent(time.timeline().name(),
                    name -> new TimelineRange(time.timeline().type().displayName()));
            if (time.size() > 0) {
                range.min = Math.min(range.min, time.min());
                range.max = Math.max(range.max, time.max());
            }
        }
    }

    private void printText(PrintWriter out) {
        long numChunks = rows.size();
        section(out, "Overview", "----------");
        out.println("num_chunks = " + Formatting.uint(numChunks));
        out.println("num_entity_paths = " + Formatting.uint(chunksPerEntity.size()));
        long withoutComponents = components.count(0);
        out.println("num_chunks_without_components = " + Formatting.uint(withoutComponents) + " ("
                + Formatting.average(withoutComponents * 100.0 / numChunks) + "%)");
        out.println("num_rows = " + Formatting.uint(rows.sum()));
        out.println("num_rows_min = " + Formatting.uint(rows.min()));
        out.println("num_rows_max = " + Formatting.uint(rows.max()));
        out.println("num_rows_avg = " + Formatting.average(rows.average()));
        out.println("num_static = " + Formatting.uint(staticChunks));
        out.println("num_indexes_min = " + Formatting.uint(indexes.min()));
        out.println("num_indexes_max = " + Formatting.uint(indexes.max()));
        out.println("num_indexes_avg = " + Formatting.average(indexes.average()));
        out.println("num_components_min = " + Formatting.uint(components.min()));
        out.println("num_components_max = " + Formatting.uint(components.max()));
        out.println("num_components_avg = " + Formatting.average(components.average()));
        counts(out, "Num chunks per entity", new TreeMap<>(chunksPerEntity));
        counts(out, "Num chunks per index", new TreeMap<>(chunksPerIndex));
        counts(out, "Num chunks per component", new TreeMap<>(chunksPerComponent));
        sizes(out, "Size (schema + data, compressed)", sizeCompressed);
        sizes(out, "Size (schema + data, uncompressed)", sizeUncompressed);
        sizes(out, "Size (schema only, uncompressed)", sizeSchema);
        sizes(out, "Size (data only, uncompressed)", sizeData);
        printUnsorted(out);
        printFooters(out);
        printStores(out);
    }

    private static void section(PrintWriter out, String title, String underline) {
        out.println(title);
        out.println(underline);
    }

    private static void subsection(PrintWriter out, String title) {
        out.println();
        section(out, title, UNDERLINE.repeat(title.length()));
    }

    private static void counts(PrintWriter out, String title, Map<String, Long> counts) {
        subsection(out, title);
        counts.forEach((name, count) -> out.println(name + ": " + Formatting.uint(count)));
    }

    private static void sizes(PrintWriter out, String title, Longs sizes) {
        subsection(out, title);
        Map<String, Object> summary = sizeSummary(sizes);
        summary.forEach((name, value) -> out.println("ipc_size_bytes_" + name + " = "
                + Formatting.bytes(value == null ? Double.NaN : ((Number) value).doubleValue())));
    }

    /** total, min, max, avg, p50 … p999 as Rerun computes them ({@code sorted[floor(len*p)]}, 0 if none). */
    private static Map<String, Object> sizeSummary(Longs sizes) {
        long[] sorted = sizes.sorted();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total", sizes.sum());
        summary.put("min", sizes.min());
        summary.put("max", sizes.max());
        double avg = sizes.average();
        summary.put("avg", Double.isNaN(avg) ? null : avg);
        Map<String, Double> percentiles = new LinkedHashMap<>();
        percentiles.put("p50", 0.5);
        percentiles.put("p90", 0.9);
        percentiles.put("p95", 0.95);
        percentiles.put("p99", 0.99);
        percentiles.put("p999", 0.999);
        percentiles.forEach((name, p) -> {
            int index = (int) (sorted.length * p);
            summary.put(name, index < sorted.length ? sorted[index] : 0L);
        });
        return summary;
    }

    private void printUnsorted(PrintWriter out) {
        subsection(out, "Unsorted timelines");
        List<EntityPath> unsorted = timelineSorted.entrySet().stream()
                .filter(e -> e.getValue().containsValue(false)).map(Map.Entry::getKey).sorted().toList();
        if (unsorted.isEmpty()) {
            out.println("(none \u2014 every timeline on every chunk is sorted)");
            return;
        }
        out.println(Formatting.uint(unsorted.size()) + " entity(ies) had at least one chunk with an unsorted "
                + "timeline. For each such entity, all of its timelines are listed below:");
        for (EntityPath entity : unsorted) {
            out.println("  " + entity);
            timelineSorted.get(entity).forEach((timeline, sorted) ->
                    out.println("    " + timeline + ": " + (sorted ? "sorted" : "UNSORTED")));
        }
    }

    private void printFooters(PrintWriter out) {
        subsection(out, "Footers");
        if (footers.isEmpty()) {
            out.println("(none \u2014 no RRD footer was found)");
            return;
        }
        out.println("num_manifests = " + Formatting.uint(footers.size()) + " (one per recording)");
        for (Footer footer : footers) {
            RrdManifest manifest = footer.manifest();
            out.println();
            out.println("Footer manifest for " + manifest.storeId());
            footerSummary(manifest).forEach((name, value) -> {
                if (name.startsWith("chunk_byte_size")) {
                    out.println("  " + (name.equals("chunk_byte_size_total") ? name + " (native)" : name) + " = "
                            + Formatting.bytes((Long) value));
                } else {
                    out.println("  " + name + " = " + (value instanceof Long n ? Formatting.uint(n) : value));
                }
            });
        }
    }

    private static Map<String, Object> footerSummary(RrdManifest manifest) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("num_chunks_indexed", (long) manifest.chunks().size());
        summary.put("num_static_chunks", manifest.chunks().stream().filter(RrdManifest.Entry::isStatic).count());
        summary.put("num_entity_paths", manifest.chunks().stream().map(RrdManifest.Entry::entityPath).distinct()
                .count());
        summary.put("manifest_num_columns", (long) manifest.columns());
        summary.put("sorbet_schema_num_fields", (long) manifest.schemaFields());
        summary.put("sorbet_schema_sha256", HexFormat.of().formatHex(manifest.schemaSha256()));
        summary.put("chunk_byte_size_total", manifest.chunks().stream().mapToLong(RrdManifest.Entry::byteSize).sum());
        summary.put("chunk_byte_size_uncompressed_total", manifest.chunks().stream()
                .mapToLong(e -> e.byteSizeUncompressed().orElse(0)).sum());
        return summary;
    }

    private void printStores(PrintWriter out) {
        subsection(out, "Stores");
        for (StoreStats store : stores.values()) {
            out.println(store.id);
            out.println("  kind = " + store.id.kind());
            out.println("  application_id = " + store.id.applicationId());
            out.println("  recording_id = " + store.id.recordingId());
            out.println("  chunks = " + Formatting.uint(store.chunks));
            out.println("  rows = " + Formatting.uint(store.rows));
            out.println("  static_chunks = " + Formatting.uint(store.staticChunks));
            out.println("  entity_paths = " + Formatting.uint(store.entityPaths.size()));
            out.println("  bytes_compressed = " + Formatting.bytes(store.bytesCompressed));
            out.println("  bytes_uncompressed = " + Formatting.bytes(store.bytesUncompressed));
            store.timelines.forEach((name, range) -> out.println("  timeline " + name + " (" + range.type + ") = "
                    + (range.min > range.max ? "empty" : text(range, range.min) + " .. " + text(range, range.max))));
        }
    }

    private static String text(TimelineRange range, long value) {
        return TimeText.format(dev.reel.api.TimeType.fromDisplayName(range.type), value);
    }

    private Map<String, Object> toJson() {
        Map<String, Object> json = Json.object();
        json.put("num_chunks", rows.size());
        json.put("num_entity_paths", chunksPerEntity.size());
        json.put("num_chunks_without_components", components.count(0));
        json.put("num_rows", rows.sum());
        json.put("num_rows_min", rows.min());
        json.put("num_rows_max", rows.max());
        json.put("num_rows_avg", finite(rows.average()));
        json.put("num_static", staticChunks);
        json.put("num_indexes_min", indexes.min());
        json.put("num_indexes_max", indexes.max());
        json.put("num_indexes_avg", finite(indexes.average()));
        json.put("num_components_min", components.min());
        json.put("num_components_max", components.max());
        json.put("num_components_avg", finite(components.average()));
        json.put("num_chunks_per_entity", new TreeMap<>(chunksPerEntity));
        json.put("num_chunks_per_index", new TreeMap<>(chunksPerIndex));
        json.put("num_chunks_per_component", new TreeMap<>(chunksPerComponent));
        json.put("size_compressed", sizeSummary(sizeCompressed));
        json.put("size_uncompressed", sizeSummary(sizeUncompressed));
        json.put("size_schema_uncompressed", sizeSummary(sizeSchema));
        json.put("size_data_uncompressed", sizeSummary(sizeData));
        Map<String, Object> unsorted = Json.object();
        new TreeMap<>(timelineSorted).forEach((entity, timelines) -> {
            if (timelines.containsValue(false)) {
                unsorted.put(entity.toString(), new LinkedHashMap<>(timelines));
            }
        });
        json.put("unsorted_timelines", unsorted);
        List<Object> footerJson = new ArrayList<>();
        for (Footer footer : footers) {
            Map<String, Object> manifest = Json.object();
            manifest.put("source", footer.source());
            Json.store(manifest, "kind", footer.manifest().storeId()).putAll(footerSummary(footer.manifest()));
            footerJson.add(manifest);
        }
        json.put("footers", footerJson);
        List<Object> storeJson = new ArrayList<>();
        for (StoreStats store : stores.values()) {
            storeJson.add(storeJson(store));
        }
        json.put("stores", storeJson);
        return json;
    }

    private static Map<String, Object> storeJson(StoreStats store) {
        Map<String, Object> timelines = Json.object();
        store.timelines.forEach((name, range) -> {
            Map<String, Object> timeline = Json.object();
            timeline.put("type", range.type);
            if (range.min <= range.max) {
                timeline.put("min", range.min);
                timeline.put("max", range.max);
            }
            timelines.put(name, timeline);
        });
        Map<String, Object> bytes = Json.object();
        bytes.put("compressed", store.bytesCompressed);
        bytes.put("uncompressed", store.bytesUncompressed);
        Map<String, Object> json = Json.store(Json.object(), "kind", store.id);
        json.put("chunks", store.chunks);
        json.put("rows", store.rows);
        json.put("static_chunks", store.staticChunks);
        json.put("timelines", timelines);
        json.put("entity_paths", new ArrayList<>(new TreeSet<>(store.entityPaths)));
        json.put("bytes", bytes);
        return json;
    }

    private static Double finite(double value) {
        return Double.isNaN(value) ? null : value;
    }

    /** One number per chunk, unboxed: a file of a million chunks costs 8 MB per column, not 24. */
    private static final class Longs {
        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int size() {
            return size;
        }

        long count(long value) {
            long count = 0;
            for (int i = 0; i < size; i++) {
                count += values[i] == value ? 1 : 0;
            }
            return count;
        }

        // plain loops: these run once, at the end, mostly before the JIT compiles them (streams interpret slowly)
        long sum() {
            long sum = 0;
            for (int i = 0; i < size; i++) {
                sum += values[i];
            }
            return sum;
        }

        long min() {
            long min = size == 0 ? 0 : Long.MAX_VALUE;
            for (int i = 0; i < size; i++) {
                min = Math.min(min, values[i]);
            }
            return min;
        }

        long max() {
            long max = size == 0 ? 0 : Long.MIN_VALUE;
            for (int i = 0; i < size; i++) {
                max = Math.max(max, values[i]);
            }
            return max;
        }

        double average() {
            return size == 0 ? Double.NaN : sum() / (double) size;
        }

        long[] sorted() {
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            return sorted;
        }
    }
}
