package dev.reel.benchmarks;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result file ({@code -rf json -rff FILE}) into the Markdown tables of BENCHMARKS.md, each
 * result next to the limit measured in the same run and divided by it:
 *
 * <ul>
 *   <li>{@link DecodeBenchmark} and {@link EncodeBenchmark}: MB/s with JMH's error. Limits of chained stages are
 *       combined per pass over the recording ({@code 1 / (1/a + 1/b)} passes per second), which is why every
 *       codec benchmark's operation is one whole pass.</li>
 *   <li>{@link StoreQueryBenchmark} and {@link TcpLatencyBenchmark}: latency percentiles over all samples, with
 *       the lowest and highest value of the same percentile among the measurement iterations as its spread.</li>
 *   <li>{@link StoreQueryBenchmark} range scans, {@link StoreIngestBenchmark} and {@link TcpIngestBenchmark}:
 *       rows, MB and messages per second.</li>
 * </ul>
 */
public final class ResultTable {
    private final JmhResults results;
    /** Primary scores: passes per second for the codec, the mode's unit for the others. */
    private final Map<String, Score> passes;
    private final Map<String, Score> megabytes;
    private final Map<String, Map<String, Score>> secondaries;
    private final Map<String, JsonObject> params;
    private final Map<String, JsonObject> percentiles;

    private final StringBuilder out = new StringBuilder();

    private ResultTable(JmhResults results) {
        this.results = results;
        this.passes = results.passes;
        this.megabytes = results.megabytes;
        this.secondaries = results.secondaries;
        this.params = results.params;
        this.percentiles = results.percentiles;
    }

    /**
     * Prints the tables of one or more JMH JSON result files; a benchmark found in a later file replaces the same
     * benchmark (and parameters) of an earlier one, so part of the suite can be re-run.
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: ResultTable JMH_RESULT.json [MORE_RESULTS.json ...]");
            System.exit(2);
        }
        ResultTable table = new ResultTable(JmhResults.read(args));
        table.decode();
        table.encode();
        table.latestAt();
        table.range();
        table.storeIngest();
        table.tcpIngest();
        table.tcpLatency();
        System.out.print(table.out);
    }

    private void decode() {
        String lz4Limit = "DecodeBenchmark.lz4DecompressOnly+arrowIpcReadOnly";
        String noneLimit = "DecodeBenchmark.memoryCopy/NONE+arrowIpcReadOnly";
        combine(lz4Limit, "DecodeBenchmark.lz4DecompressOnly", "DecodeBenchmark.arrowIpcReadOnly");
        combine(noneLimit, "DecodeBenchmark.memoryCopy/NONE", "DecodeBenchmark.arrowIpcReadOnly");
        section("DecodeBenchmark", "Decode (one pass = the whole recording, from memory)", () -> {
            row("decode", "DecodeBenchmark.decode/LZ4", "LZ4 file");
            row("decode", "DecodeBenchmark.decode/NONE", "uncompressed file");
            row("part of decode: framing alone", "DecodeBenchmark.framingOnly/LZ4", "LZ4 file");
            row("part of decode: framing alone", "DecodeBenchmark.framingOnly/NONE", "uncompressed file");
            row("limit: lz4-java decompress alone", "DecodeBenchmark.lz4DecompressOnly", "LZ4 blocks");
            row("limit: Arrow IPC read alone (ArrowStreamReader)", "DecodeBenchmark.arrowIpcReadOnly",
                    "IPC streams");
            derivedRow("limit: LZ4 then IPC read, combined", lz4Limit, "DecodeBenchmark.decode/LZ4", "LZ4 file");
            row("limit: memory copy", "DecodeBenchmark.memoryCopy/LZ4", "LZ4 file");
            row("limit: memory copy", "DecodeBenchmark.memoryCopy/NONE", "uncompressed file");
            row("limit: FileChannel read (page cache)", "DecodeBenchmark.fileChannelRead/LZ4", "LZ4 file");
            row("limit: FileChannel read (page cache)", "DecodeBenchmark.fileChannelRead/NONE", "uncompressed file");
        }, () -> {
            ratio("decode LZ4 / (LZ4 then IPC read) — target >= 0.70", "DecodeBenchmark.decode/LZ4", lz4Limit);
            ratio("decode NONE / IPC read alone", "DecodeBenchmark.decode/NONE", "DecodeBenchmark.arrowIpcReadOnly");
            ratio("decode NONE / (memory copy then IPC read)", "DecodeBenchmark.decode/NONE", noneLimit);
            ratio("decode LZ4 / memory copy of the same bytes", "DecodeBenchmark.decode/LZ4",
                    "DecodeBenchmark.memoryCopy/LZ4");
            ratio("decode NONE / memory copy of the same bytes", "DecodeBenchmark.decode/NONE",
                    "DecodeBenchmark.memoryCopy/NONE");
        });
    }

    private void encode() {
        String lz4Limit = "EncodeBenchmark.arrowIpcWriteOnly+lz4CompressOnly";
        combine(lz4Limit, "EncodeBenchmark.arrowIpcWriteOnly", "EncodeBenchmark.lz4CompressOnly");
        section("EncodeBenchmark", "Encode (one pass = every message of the recording, into a counting stream)",
                () -> {
                    row("encode", "EncodeBenchmark.encode/LZ4", "LZ4 file");
                    row("encode", "EncodeBenchmark.encode/NONE", "uncompressed file");
                    row("limit: Arrow IPC write alone (ArrowStreamWriter)", "EncodeBenchmark.arrowIpcWriteOnly",
                            "IPC streams");
                    row("limit: lz4-java compress alone", "EncodeBenchmark.lz4CompressOnly", "IPC streams");
                    derivedRow("limit: IPC write then LZ4, combined", lz4Limit, "EncodeBenchmark.encode/LZ4",
                            "LZ4 file");
                }, () -> {
                    ratio("encode LZ4 / (IPC write then LZ4)", "EncodeBenchmark.encode/LZ4", lz4Limit);
                    ratio("encode NONE / IPC write alone", "EncodeBenchmark.encode/NONE",
                            "EncodeBenchmark.arrowIpcWriteOnly");
                });
    }

    // ------------------------------------------------------------------------------------- viewer store

    private static final double LATEST_AT_TARGET_MICROS = 20;

    private void latestAt() {
        if (!ran("StoreQueryBenchmark.latestAt")) {
            return;
        }
        out.append("### Viewer store: latest-at latency (10M rows, 1,000 entities)\n\n");
        out.append("| benchmark | p50 µs | p99 µs | p99.9 µs | p99 range over iterations µs | mean µs | samples | "
                + "p99 / 20 µs target |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        latencyRow("latest-at, query cache warm", "StoreQueryBenchmark.latestAtCacheWarm", LATEST_AT_TARGET_MICROS);
        latencyRow("latest-at, query cache defeated", "StoreQueryBenchmark.latestAtCacheDefeated",
                LATEST_AT_TARGET_MICROS);
        latencyRow("limit: binary search on the same Arrow vectors", "StoreQueryBenchmark.latestAtDirect",
                LATEST_AT_TARGET_MICROS);
        out.append("\n| ratio | p50 | p99 |\n|---|---:|---:|\n");
        percentileRatio("cache defeated / limit", "StoreQueryBenchmark.latestAtCacheDefeated",
                "StoreQueryBenchmark.latestAtDirect");
        percentileRatio("cache warm / limit", "StoreQueryBenchmark.latestAtCacheWarm",
                "StoreQueryBenchmark.latestAtDirect");
        out.append('\n');
    }

    private void range() {
        if (!ran("StoreQueryBenchmark.range")) {
            return;
        }
        out.append("### Viewer store: range scans (10M rows, 1,000 entities)\n\n");
        out.append("| benchmark | window rows | queries/s | rows/s |\n|---|---:|---:|---:|\n");
        for (String window : variants("StoreQueryBenchmark.range")) {
            rateRow("range", "StoreQueryBenchmark.range/" + window, window, "rows", 0);
            rateRow("part of range: plain scan building the same result cells",
                    "StoreQueryBenchmark.rangePlainScanToCells/" + window, window, "rows", 0);
            rateRow("limit: plain scan of the same Arrow vectors", "StoreQueryBenchmark.rangePlainScan/" + window,
                    window, "rows", 0);
        }
        out.append("\n| ratio (rows/s) | window rows | value |\n|---|---:|---:|\n");
        for (String window : variants("StoreQueryBenchmark.range")) {
            ratio("range / plain scan", window, "StoreQueryBenchmark.range/" + window,
                    "StoreQueryBenchmark.rangePlainScan/" + window);
            ratio("range / plain scan building cells", window, "StoreQueryBenchmark.range/" + window,
                    "StoreQueryBenchmark.rangePlainScanToCells/" + window);
        }
        out.append('\n');
    }

    private void storeIngest() {
        if (!ran("StoreIngestBenchmark.")) {
            return;
        }
        out.append("### Viewer store: ingest of live chunks (1 to 16 rows each)\n\n");
        out.append("| benchmark | compaction | rows per op | ms per op | rows/s |\n|---|---|---:|---:|---:|\n");
        ingestRow("ingest", "StoreIngestBenchmark.ingest/DEFAULT", "on (default)");
        ingestRow("ingest", "StoreIngestBenchmark.ingest/DISABLED", "off");
        ingestRow("limit: append each chunk once (VectorAppender)", "StoreIngestBenchmark.appendOnly", "");
        out.append("\n| ratio (rows/s) | value |\n|---|---:|\n");
        ratio("compaction on / compaction off", null, "StoreIngestBenchmark.ingest/DEFAULT",
                "StoreIngestBenchmark.ingest/DISABLED");
        ratio("compaction on / append once", null, "StoreIngestBenchmark.ingest/DEFAULT",
                "StoreIngestBenchmark.appendOnly");
        ratio("compaction off / append once", null, "StoreIngestBenchmark.ingest/DISABLED",
                "StoreIngestBenchmark.appendOnly");
        out.append('\n');
    }

    /** Seconds per operation turned into rows per second, the rows per operation coming from the params. */
    private void ingestRow(String label, String key, String compaction) {
        Score millis = passes.get(key);
        if (millis == null) {
            return;
        }
        JsonObject p = params.get(key);
        long rows = Long.parseLong(p.getString("entities")) * Long.parseLong(p.getString("rowsPerEntity"));
        Score rowsPerSecond = inverse(millis).times(rows * 1000.0);
        out.append(String.format(Locale.ROOT, "| %s | %s | %,d | %s | %s |%n", label, compaction, rows,
                format(millis, 1), format(rowsPerSecond, 0)));
    }

    // ------------------------------------------------------------------------------------- TCP transport

    private void tcpIngest() {
        if (!ran("TcpIngestBenchmark.")) {
            return;
        }
        out.append("### TCP transport: ingest over loopback until the store has every row\n\n");
        out.append("| benchmark | stream | streams/s | MB/s (wire) | messages/s | rows/s |\n"
                + "|---|---|---:|---:|---:|---:|\n");
        for (String kind : variants("TcpIngestBenchmark.reel")) {
            String[] keys = {"TcpIngestBenchmark.reel/", "TcpIngestBenchmark.rawLoopback/",
                    "TcpIngestBenchmark.arrowFirstTouch/", "TcpIngestBenchmark.lz4Alone/",
                    "TcpIngestBenchmark.diskAppend/"};
            String[] labels = {"Reel (TCP server, bus, decode, store)", "limit: raw loopback socket, read and discard",
                    "limit: fill fresh Arrow memory as the store does", "limit: LZ4 decompression alone",
                    "limit: disk append, the same bytes written to a file and forced"};
            for (int i = 0; i < keys.length; i++) {
                String key = keys[i] + kind;
                if (passes.containsKey(key) && !(keys[i].contains("lz4Alone") && kind.contains("uncompressed"))) {
                    Map<String, Score> named = secondaries.get(key);
                    out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", labels[i], kind,
                            format(passes.get(key), 2), format(named.get("megabytes"), 1),
                            format(named.get("messages"), 0), format(named.get("rows"), 0)));
                }
            }
        }
        out.append("\n| ratio (of streams/s, the same stream) | stream | value |\n|---|---|---:|\n");
        for (String kind : variants("TcpIngestBenchmark.reel")) {
            ratio("Reel / raw loopback (target >= 0.80 for images)", kind, "TcpIngestBenchmark.reel/" + kind,
                    "TcpIngestBenchmark.rawLoopback/" + kind);
            String combined = "TcpIngestBenchmark.rawLoopback+arrowFirstTouch/" + kind;
            combine(combined, "TcpIngestBenchmark.rawLoopback/" + kind, "TcpIngestBenchmark.arrowFirstTouch/" + kind);
            ratio("Reel / (raw loopback then fresh Arrow memory)", kind, "TcpIngestBenchmark.reel/" + kind,
                    combined);
            String received = "TcpIngestBenchmark.rawLoopback/" + kind;
            if (!kind.contains("uncompressed")) {
                received = "TcpIngestBenchmark.rawLoopback+lz4Alone/" + kind;
                combine(received, "TcpIngestBenchmark.rawLoopback/" + kind, "TcpIngestBenchmark.lz4Alone/" + kind);
                ratio("Reel / (raw loopback then LZ4 alone) (target >= 0.80 for images)", kind,
                        "TcpIngestBenchmark.reel/" + kind, received);
            }
            // with the journal on, every byte also goes to the disk, at the same time as the next ones arrive
            String durable = "TcpIngestBenchmark.slower(received,diskAppend)/" + kind;
            slower(durable, received, "TcpIngestBenchmark.diskAppend/" + kind);
            ratio("Reel / the slower of that and disk append (the limit with the journal on)", kind,
                    "TcpIngestBenchmark.reel/" + kind, durable);
        }
        out.append('\n');
    }

    private void tcpLatency() {
        if (!ran("TcpLatencyBenchmark.")) {
            return;
        }
        out.append("### TCP transport: producer to subscriber latency over loopback (one ~1 KB message per ~1 ms)"
                + "\n\n");
        out.append("| benchmark | p50 µs | p99 µs | p99.9 µs | p99 range over iterations µs | mean µs | samples | |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---|\n");
        latencyRow("Reel: producer, TCP server, store, subscriber", "TcpLatencyBenchmark.reel", Double.NaN);
        latencyRow("limit: one thread relaying plain sockets", "TcpLatencyBenchmark.rawLoopbackRelay", Double.NaN);
        out.append("\n| ratio | p50 | p99 |\n|---|---:|---:|\n");
        percentileRatio("Reel / raw relay", "TcpLatencyBenchmark.reel", "TcpLatencyBenchmark.rawLoopbackRelay");
        out.append('\n');
    }

    // ------------------------------------------------------------------------------------- shared rows

    private boolean ran(String prefix) {
        return passes.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    /** The variant values (e.g. window sizes) a benchmark method was run with, in numeric or name order. */
    private List<String> variants(String method) {
        return passes.keySet().stream().filter(k -> k.startsWith(method + "/"))
                .map(k -> k.substring(method.length() + 1))
                .sorted(Comparator.comparing((String v) -> v.matches("\\d+") ? Long.parseLong(v) : Long.MAX_VALUE)
                        .thenComparing(v -> v))
                .toList();
    }

    private void latencyRow(String label, String key, double targetMicros) {
        JsonObject p = percentiles.get(key);
        if (p == null) {
            return;
        }
        double p99 = p.getDouble("99.0");
        double[] spread = results.iterationSpread(key, 0.99);
        out.append(String.format(Locale.ROOT, "| %s | %,.2f | %,.2f | %,.1f | %,.2f to %,.2f | %s | %,d | %s |%n",
                label, p.getDouble("50.0"), p99, p.getDouble("99.9"), spread[0], spread[1], format(passes.get(key), 2),
                results.samples(key),
                Double.isNaN(targetMicros) ? "" : String.format(Locale.ROOT, "%.2f", p99 / targetMicros)));
    }

    private void percentileRatio(String label, String numerator, String denominator) {
        JsonObject a = percentiles.get(numerator);
        JsonObject b = percentiles.get(denominator);
        if (a != null && b != null) {
            out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f |%n", label,
                    a.getDouble("50.0") / b.getDouble("50.0"), a.getDouble("99.0") / b.getDouble("99.0")));
        }
    }

    /** A row of a rate and one of its secondary counters (e.g. rows per second). */
    private void rateRow(String label, String key, String variant, String counter, int decimals) {
        Score rate = passes.get(key);
        if (rate == null) {
            return;
        }
        Score counted = secondaries.get(key).get(counter);
        out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", label, variant, format(rate, 0),
                counted == null ? "" : format(counted, decimals)));
    }

    /**
     * A ratio of two rates: rows per second where the benchmarks count rows, else operations per second (the
     * compared benchmarks' operations are the same work: the same stream, the same chunks).
     */
    private void ratio(String label, String variant, String numerator, String denominator) {
        Score a = rate(numerator);
        Score b = rate(denominator);
        if (a == null || b == null) {
            return;
        }
        String value = format(a.over(b), 2);
        out.append(variant == null ? String.format(Locale.ROOT, "| %s | %s |%n", label, value)
                : String.format(Locale.ROOT, "| %s | %s | %s |%n", label, variant, value));
    }

    /**
     * Rows/s where counted, else the primary score (inverted where it is a time per operation). TCP ingest ratios
     * compare streams/s: their limits combine two benchmarks, which only have a primary score.
     */
    private Score rate(String key) {
        Map<String, Score> named = secondaries.getOrDefault(key, Map.of());
        if (named.containsKey("rows") && !key.startsWith("TcpIngestBenchmark.")) {
            return named.get("rows");
        }
        Score primary = passes.get(key);
        if (primary == null) {
            return null;
        }
        return key.startsWith("StoreIngestBenchmark.") ? inverse(primary) : primary;
    }

    private static Score inverse(Score score) {
        return new Score(1 / score.value(), score.error() / (score.value() * score.value()));
    }

    /** A table of the benchmarks of one class, then a table of ratios; nothing if the class was not run. */
    private void section(String benchmarkClass, String title, Runnable rows, Runnable ratios) {
        if (passes.keySet().stream().noneMatch(k -> k.startsWith(benchmarkClass + "."))) {
            return;
        }
        out.append("### ").append(title).append("\n\n");
        out.append("| benchmark | compression | passes/s | MB/s | MB counted |\n|---|---|---:|---:|---|\n");
        rows.run();
        out.append("\n| ratio | value |\n|---|---:|\n");
        ratios.run();
        out.append('\n');
    }

    /** Stores under {@code key} the rate of running both stages one after the other, if both were run. */
    private void combine(String key, String first, String second) {
        if (passes.containsKey(first) && passes.containsKey(second)) {
            passes.put(key, passes.get(first).then(passes.get(second)));
        }
    }

    /** The slower of two limits that work at the same time (as a socket read and a disk write can). */
    private void slower(String key, String first, String second) {
        if (passes.containsKey(first) && passes.containsKey(second)) {
            Score a = passes.get(first);
            Score b = passes.get(second);
            passes.put(key, a.value() <= b.value() ? a : b);
        }
    }

    /** MB per pass of a benchmark: its byte counter over its pass rate (every pass counts the same bytes). */
    private double fileMegabytes(String key) {
        return megabytes.containsKey(key) ? megabytes.get(key).value() / passes.get(key).value() : Double.NaN;
    }

    private void row(String label, String key, String counted) {
        Score rate = passes.get(key);
        if (rate == null) {
            return;
        }
        String compression = key.contains("/") ? key.substring(key.indexOf('/') + 1) : "";
        Score mb = megabytes.get(key);
        out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", label, compression, format(rate, 2),
                mb == null ? "" : format(mb, 0), counted));
    }

    /** A row computed from other rows; its MB/s counts the bytes per pass of {@code bytesOf}. */
    private void derivedRow(String label, String key, String bytesOf, String counted) {
        Score rate = passes.get(key);
        if (rate == null) {
            return;
        }
        double megabytesPerPass = fileMegabytes(bytesOf);
        out.append(String.format(Locale.ROOT, "| %s | LZ4 | %s | %s | %s |%n", label, format(rate, 2),
                Double.isNaN(megabytesPerPass) ? "" : format(rate.times(megabytesPerPass), 0), counted));
    }

    private void ratio(String label, String numerator, String denominator) {
        if (passes.containsKey(numerator) && passes.containsKey(denominator)) {
            out.append(String.format(Locale.ROOT, "| %s | %s |%n", label,
                    format(passes.get(numerator).over(passes.get(denominator)), 2)));
        }
    }

    private static String format(Score score, int decimals) {
        String pattern = "%,." + decimals + "f ± %,." + decimals + "f";
        return String.format(Locale.ROOT, pattern, score.value(), score.error());
    }
}
