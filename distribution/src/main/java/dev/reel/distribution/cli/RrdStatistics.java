package dev.reel.distribution.cli;

import dev.reel.api.EntityPath;
import dev.reel.api.StoreId;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.MessageKind;
import dev.reel.api.log.Sorbet;
import dev.reel.api.log.TimeColumn;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdEnvelope;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.RrdManifest;
import dev.reel.rrd.StreamFooter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import org.apache.arrow.memory.RootAllocator;

/** What {@code reel rrd stats} prints: {@code rerun rrd stats}' numbers plus a summary per store. */
final class RrdStatistics {
    private static final String UNDERLINE = "-";

    /** Sizes of one ArrowMsg at transport level, as Rerun measures them. */
    private record Transport(long compressed, long uncompressed, long schema) {}

    /** Everything counted about one store. */
    private static final class StoreStats {
        final StoreId id;
        long chunks;
        long rows;
        long staticChunks;
        long bytesCompressed;
        long bytesUncompressed;
        final Map<String, TimelineRange> timelines = new TreeMap<>();
        final Set<String> entityPaths = new TreeSet<>();

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
    private final Map<String, Long> chunksPerEntity = new TreeMap<>();
    private final Map<String, Long> chunksPerIndex = new TreeMap<>();
    private final Map<String, Long> chunksPerComponent = new TreeMap<>();
    private final Map<EntityPath, Map<String, Boolean>> timelineSorted = new TreeMap<>();
    private final List<Long> rows = new ArrayList<>();
    private final List<Long> indexes = new ArrayList<>();
    private final List<Long> components = new ArrayList<>();
    private final List<Long> sizeCompressed = new ArrayList<>();
    private final List<Long> sizeUncompressed = new ArrayList<>();
    private final List<Long> sizeSchema = new ArrayList<>();
    private final List<Long> sizeData = new ArrayList<>();
    private final List<Footer> footers = new ArrayList<>();
    private long staticChunks;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean continueOnError;

    RrdStatistics(PrintWriter out, PrintWriter err, boolean json, boolean continueOnError) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.continueOnError = continueOnError;
    }

    int report(List<RrdInput> inputs) throws IOException {
        try (RootAllocator allocator = new RootAllocator()) {
            RrdScan scan = new RrdScan(inputs, allocator, err, continueOnError);
            scan.run(new RrdScan.Listener() {
                private Transport pending;

                @Override
                public void frame(RrdInput input, RrdFrame frame) throws IOException {
                    pending = null;
                    if (frame.messageKind() == MessageKind.ARROW_MSG) {
                        try {
                            pending = transport(input, frame);
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
                public void streamEnded(RrdInput input, RrdFrame end, StreamFooter footer) throws IOException {
                    scan.manifests(input, end).forEach(m -> footers.add(new Footer(input.name(), m)));
                }
            }, true);
        }
        if (json) {
            out.println(toJson().encodePrettily());
        } else {
            printText(out);
        }
        out.flush();
        return 0;
    }

    private static Transport transport(RrdInput input, RrdFrame frame) throws RrdFormatException {
        RrdEnvelope.Arrow arrow = RrdEnvelope.read(frame, input.name()).arrow();
        ByteBuffer payload = ByteBuffer.wrap(frame.payload(), arrow.payloadOffset(), arrow.payloadLength()).slice();
        boolean lz4 = arrow.compression() == Compression.LZ4;
        long uncompressed = lz4 ? arrow.uncompressedBytes() : arrow.payloadLength();
        return new Transport(arrow.payloadLength(), uncompressed, schemaSize(input, frame, payload, lz4, uncompressed));
    }

    /** The length prefix of the first IPC message (the schema), after an optional continuation marker. */
    private static long schemaSize(RrdInput input, RrdFrame frame, ByteBuffer payload, boolean lz4, long size)
            throws RrdFormatException {
        ByteBuffer ipc;
        if (lz4) {
            if (size <= 0 || size > Integer.MAX_VALUE - 64) {
                throw new RrdFormatException(RrdFormatException.Kind.BAD_LZ4, input.name(), frame.offset(),
                        "ArrowMsg declares " + size + " uncompressed bytes");
            }
            ipc = ByteBuffer.allocate((int) size);
            try {
                LZ4Factory.fastestInstance().safeDecompressor().decompress(payload, 0, payload.remaining(), ipc, 0,
                        (int) size);
            } catch (LZ4Exception e) {
                throw new RrdFormatException(RrdFormatException.Kind.BAD_LZ4, input.name(), frame.offset(),
                        "LZ4 payload is corrupt", e);
            }
        } else {
            ipc = payload;
        }
        ipc.order(ByteOrder.LITTLE_ENDIAN);
        int at = ipc.remaining() >= 4 && ipc.getInt(0) == -1 ? 4 : 0;
        int length = ipc.remaining() >= at + 4 ? ipc.getInt(at) : -1;
        if (length < 0) {
            throw new RrdFormatException(RrdFormatException.Kind.BAD_ARROW, input.name(), frame.offset(),
                    "Arrow IPC payload has no schema length");
        }
        return length;
    }

    private void count(StoreStats store, Chunk chunk, Transport transport) {
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
        sizeCompressed.add(transport.compressed());
        sizeUncompressed.add(transport.uncompressed());
        sizeSchema.add(transport.schema());
        sizeData.add(Math.max(0, transport.uncompressed() - transport.schema()));

        store.chunks++;
        store.rows += chunk.numRows();
        store.staticChunks += chunk.isStatic() ? 1 : 0;
        store.bytesCompressed += transport.compressed();
        store.bytesUncompressed += transport.uncompressed();
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
        long withoutComponents = components.stream().filter(c -> c == 0).count();
        out.println("num_chunks_without_components = " + Formatting.uint(withoutComponents) + " ("
                + Formatting.average(withoutComponents * 100.0 / numChunks) + "%)");
        out.println("num_rows = " + Formatting.uint(sum(rows)));
        out.println("num_rows_min = " + Formatting.uint(min(rows)));
        out.println("num_rows_max = " + Formatting.uint(max(rows)));
        out.println("num_rows_avg = " + Formatting.average(average(rows)));
        out.println("num_static = " + Formatting.uint(staticChunks));
        out.println("num_indexes_min = " + Formatting.uint(min(indexes)));
        out.println("num_indexes_max = " + Formatting.uint(max(indexes)));
        out.println("num_indexes_avg = " + Formatting.average(average(indexes)));
        out.println("num_components_min = " + Formatting.uint(min(components)));
        out.println("num_components_max = " + Formatting.uint(max(components)));
        out.println("num_components_avg = " + Formatting.average(average(components)));
        counts(out, "Num chunks per entity", chunksPerEntity);
        counts(out, "Num chunks per index", chunksPerIndex);
        counts(out, "Num chunks per component", chunksPerComponent);
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

    private static void sizes(PrintWriter out, String title, List<Long> sizes) {
        subsection(out, title);
        Map<String, Object> summary = sizeSummary(sizes);
        summary.forEach((name, value) -> out.println("ipc_size_bytes_" + name + " = "
                + Formatting.bytes(value == null ? Double.NaN : ((Number) value).doubleValue())));
    }

    /** total, min, max, avg, p50 … p999 as Rerun computes them ({@code sorted[floor(len*p)]}, 0 if none). */
    private static Map<String, Object> sizeSummary(List<Long> sizes) {
        List<Long> sorted = sizes.stream().sorted().toList();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total", sum(sorted));
        summary.put("min", min(sorted));
        summary.put("max", max(sorted));
        double avg = average(sorted);
        summary.put("avg", Double.isNaN(avg) ? null : avg);
        Map<String, Double> percentiles = new LinkedHashMap<>();
        percentiles.put("p50", 0.5);
        percentiles.put("p90", 0.9);
        percentiles.put("p95", 0.95);
        percentiles.put("p99", 0.99);
        percentiles.put("p999", 0.999);
        percentiles.forEach((name, p) -> {
            int index = (int) (sorted.size() * p);
            summary.put(name, index < sorted.size() ? sorted.get(index) : 0L);
        });
        return summary;
    }

    private void printUnsorted(PrintWriter out) {
        subsection(out, "Unsorted timelines");
        List<EntityPath> unsorted = timelineSorted.entrySet().stream()
                .filter(e -> e.getValue().containsValue(false)).map(Map.Entry::getKey).toList();
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

    private JsonObject toJson() {
        long numChunks = rows.size();
        JsonObject json = new JsonObject()
                .put("num_chunks", numChunks)
                .put("num_entity_paths", chunksPerEntity.size())
                .put("num_chunks_without_components", components.stream().filter(c -> c == 0).count())
                .put("num_rows", sum(rows))
                .put("num_rows_min", min(rows))
                .put("num_rows_max", max(rows))
                .put("num_rows_avg", finite(average(rows)))
                .put("num_static", staticChunks)
                .put("num_indexes_min", min(indexes))
                .put("num_indexes_max", max(indexes))
                .put("num_indexes_avg", finite(average(indexes)))
                .put("num_components_min", min(components))
                .put("num_components_max", max(components))
                .put("num_components_avg", finite(average(components)))
                .put("num_chunks_per_entity", new JsonObject(new LinkedHashMap<>(chunksPerEntity)))
                .put("num_chunks_per_index", new JsonObject(new LinkedHashMap<>(chunksPerIndex)))
                .put("num_chunks_per_component", new JsonObject(new LinkedHashMap<>(chunksPerComponent)))
                .put("size_compressed", new JsonObject(sizeSummary(sizeCompressed)))
                .put("size_uncompressed", new JsonObject(sizeSummary(sizeUncompressed)))
                .put("size_schema_uncompressed", new JsonObject(sizeSummary(sizeSchema)))
                .put("size_data_uncompressed", new JsonObject(sizeSummary(sizeData)));
        JsonObject unsorted = new JsonObject();
        timelineSorted.forEach((entity, timelines) -> {
            if (timelines.containsValue(false)) {
                unsorted.put(entity.toString(), new JsonObject(new LinkedHashMap<>(timelines)));
            }
        });
        json.put("unsorted_timelines", unsorted);
        JsonArray footerJson = new JsonArray();
        for (Footer footer : footers) {
            footerJson.add(Json.store(new JsonObject().put("source", footer.source()), "kind",
                    footer.manifest().storeId()).mergeIn(new JsonObject(footerSummary(footer.manifest()))));
        }
        json.put("footers", footerJson);
        JsonArray storeJson = new JsonArray();
        for (StoreStats store : stores.values()) {
            JsonObject timelines = new JsonObject();
            store.timelines.forEach((name, range) -> {
                JsonObject timeline = new JsonObject().put("type", range.type);
                if (range.min <= range.max) {
                    timeline.put("min", range.min).put("max", range.max);
                }
                timelines.put(name, timeline);
            });
            storeJson.add(Json.store(new JsonObject(), "kind", store.id)
                    .put("chunks", store.chunks)
                    .put("rows", store.rows)
                    .put("static_chunks", store.staticChunks)
                    .put("timelines", timelines)
                    .put("entity_paths", new JsonArray(new ArrayList<>(store.entityPaths)))
                    .put("bytes", new JsonObject().put("compressed", store.bytesCompressed)
                            .put("uncompressed", store.bytesUncompressed)));
        }
        return json.put("stores", storeJson);
    }

    private static Double finite(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static long sum(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum();
    }

    private static long min(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElse(0);
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static double average(List<Long> values) {
        return values.isEmpty() ? Double.NaN : sum(values) / (double) values.size();
    }
}
