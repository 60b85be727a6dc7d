package dev.reel.benchmarks;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP transport's tables of BENCHMARKS.md from a JMH JSON result file: every number next to the limit measured
 * in the same run and divided by it (relative errors combined in quadrature), with the target where it set
 * one. Request rates of {@link HttpRecordingListBenchmark} are {@code clients / mean time}: each client always has
 * one request out.
 */
public final class HttpResultTable {
    private static final String DOWNLOAD = "HttpDownloadBenchmark.";
    private static final String INGEST = "HttpIngestBenchmark.";
    private static final String LIST = "HttpRecordingListBenchmark.";
    private static final double DOWNLOAD_TARGET = 0.80;

    private final JmhResults results;
    private final StringBuilder out = new StringBuilder();

    private HttpResultTable(JmhResults results) {
        this.results = results;
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: HttpResultTable JMH_RESULT.json [MORE_RESULTS.json ...]");
            System.exit(2);
        }
        HttpResultTable table = new HttpResultTable(JmhResults.read(args));
        table.download();
        table.ingest();
        table.recordingList();
        System.out.print(table.out);
    }

    private void download() {
        String reel = DOWNLOAD + "reel";
        String file = DOWNLOAD + "staticFile";
        if (!has(reel) || !has(file)) {
            return;
        }
        out.append("### HTTP transport: `.rrd` download over loopback (one client)\n\n");
        out.append("| benchmark | downloads/s | MB/s (body) |\n|---|---:|---:|\n");
        String encode = DOWNLOAD + "encodeOnly";
        downloadRow("Reel: `GET /api/recordings/{app}/{rec}.rrd`", reel);
        downloadRow("part of Reel's download: every message encoded again, one thread, no HTTP", encode);
        downloadRow("limit: the same bytes as a file, Vert.x `sendFile`", file);
        Score ratio = megabytes(reel).over(megabytes(file));
        out.append("\n| ratio (MB/s) | value | target >= 0.80 |\n|---|---:|---|\n");
        out.append(String.format(Locale.ROOT, "| Reel / static file | %s | %s |%n", ratio.format(2),
                met(ratio.value() >= DOWNLOAD_TARGET)));
        if (has(encode)) {
            out.append(String.format(Locale.ROOT, "| encoding alone / static file | %s |  |%n| Reel / encoding alone "
                    + "| %s |  |%n", megabytes(encode).over(megabytes(file)).format(2),
                    megabytes(reel).over(megabytes(encode)).format(2)));
        }
        out.append('\n');
    }

    private void downloadRow(String label, String key) {
        if (has(key)) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", label, results.passes.get(key).format(2),
                    megabytes(key).format(0)));
        }
    }

    private void ingest() {
        List<String> streams = List.of("images", "scalars");
        if (streams.stream().noneMatch(kind -> has(INGEST + "writeMessages/" + kind))) {
            return;
        }
        out.append("### HTTP transport: `WriteMessages` ingest over loopback until the store has every row\n\n");
        out.append("| benchmark | stream | streams/s | MB/s (`.rrd` bytes) | messages/s |\n|---|---|---:|---:|---:|\n");
        for (String kind : streams) {
            ingestRow("Reel: gRPC `WriteMessages` (HTTP port, h2c)", INGEST + "writeMessages/" + kind, kind);
            ingestRow("limit: Reel, the same stream into the TCP port", INGEST + "tcp/" + kind, kind);
        }
        out.append("\n| ratio (messages/s, the same stream) | stream | value |\n|---|---|---:|\n");
        for (String kind : streams) {
            String grpc = INGEST + "writeMessages/" + kind;
            String tcp = INGEST + "tcp/" + kind;
            if (has(grpc) && has(tcp)) {
                out.append(String.format(Locale.ROOT, "| gRPC / TCP | %s | %s |%n", kind,
                        results.passes.get(grpc).over(results.passes.get(tcp)).format(2)));
            }
        }
        out.append('\n');
    }

    private void ingestRow(String label, String key, String kind) {
        if (has(key)) {
            Map<String, Score> counters = results.secondaries.get(key);
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", label, kind,
                    results.passes.get(key).format(2), counters.get("megabytes").format(1),
                    counters.get("messages").format(0)));
        }
    }

    private void recordingList() {
        String reel = LIST + "recordings";
        if (!has(reel)) {
            return;
        }
        out.append(String.format(Locale.ROOT, "### HTTP transport: `GET /api/recordings` (%d recordings), %d clients "
                + "at once over loopback%n%n", HttpRecordingListBenchmark.RECORDINGS, HttpRecordingListBenchmark.CLIENTS));
        out.append("| benchmark | requests/s | mean µs | p50 µs | p99 µs | p99.9 µs | p99 range over iterations µs "
                + "| samples |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        listRow("Reel: `GET /api/recordings`", reel);
        listRow("limit: `GET /api/health`, same server", LIST + "health");
        listRow("limit: the same answer, fixed, from a minimal Vert.x server", LIST + "constantAnswer");
        out.append("\n| ratio | requests/s | p99 |\n|---|---:|---:|\n");
        listRatio("Reel recordings / health (same server)", reel, LIST + "health");
        listRatio("Reel recordings / fixed answer (minimal server)", reel, LIST + "constantAnswer");
        out.append('\n');
    }

    private void listRow(String label, String key) {
        if (!has(key)) {
            return;
        }
        JsonObject p = results.percentiles.get(key);
        double[] spread = results.iterationSpread(key, 0.99);
        out.append(String.format(Locale.ROOT, "| %s | %s | %s | %,.1f | %,.1f | %,.1f | %,.1f to %,.1f | %,d |%n", label,
                requestsPerSecond(key).format(0), results.passes.get(key).format(1), p.getDouble("50.0"),
                p.getDouble("99.0"), p.getDouble("99.9"), spread[0], spread[1], results.samples(key)));
    }

    /** Reel's rate as a share of the limit's, and Reel's p99 as a multiple of the limit's. */
    private void listRatio(String label, String reel, String limit) {
        if (has(reel) && has(limit)) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %.2f |%n", label,
                    requestsPerSecond(reel).over(requestsPerSecond(limit)).format(2),
                    results.percentiles.get(reel).getDouble("99.0") / results.percentiles.get(limit).getDouble("99.0")));
        }
    }

    /** Clients over the mean time of a request (µs): every client always has one request out. */
    private Score requestsPerSecond(String key) {
        Score micros = results.passes.get(key);
        double rate = HttpRecordingListBenchmark.CLIENTS * 1e6 / micros.value();
        return new Score(rate, rate * micros.relative());
    }

    private Score megabytes(String key) {
        return results.megabytes.get(key);
    }

    private boolean has(String key) {
        return results.passes.containsKey(key);
    }

    private static String met(boolean met) {
        return met ? "**met**" : "**not met**";
    }
}
