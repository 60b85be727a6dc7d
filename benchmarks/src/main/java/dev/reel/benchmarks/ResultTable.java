package dev.reel.benchmarks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result file ({@code -rf json -rff FILE}) of {@link DecodeBenchmark} and {@link EncodeBenchmark}
 * into the Markdown tables of BENCHMARKS.md: MB/s with JMH's error, and each codec result divided by the limit
 * measured in the same run. Limits of chained stages are combined per pass over the recording
 * ({@code 1 / (1/a + 1/b)} passes per second), which is why every benchmark's operation is one whole pass.
 */
public final class ResultTable {
    private final Map<String, Score> passes = new HashMap<>();
    private final Map<String, Score> megabytes = new HashMap<>();
    private final StringBuilder out = new StringBuilder();

    /** A JMH score and its error (the half-width of JMH's 99.9% confidence interval). */
    record Score(double value, double error) {
        double relative() {
            return value == 0 ? 0 : error / value;
        }

        Score times(double factor) {
            return new Score(value * factor, error * factor);
        }

        /** Quotient; relative errors combined in quadrature (first-order, independent errors). */
        Score over(Score other) {
            double quotient = value / other.value;
            return new Score(quotient, quotient * Math.hypot(relative(), other.relative()));
        }

        /** Two stages run one after the other over the same pass: rates add as resistors in series. */
        Score then(Score other) {
            double combined = 1 / (1 / value + 1 / other.value);
            double squared = combined * combined;
            return new Score(combined, Math.hypot(squared * error / (value * value),
                    squared * other.error / (other.value * other.value)));
        }
    }

    private ResultTable(JsonArray results) {
        for (int i = 0; i < results.size(); i++) {
            JsonObject result = results.getJsonObject(i);
            String name = result.getString("benchmark").replaceFirst("^.*\\.(\\w+\\.\\w+)$", "$1");
            JsonObject params = result.getJsonObject("params");
            String key = params == null ? name : name + "/" + params.getString("compression");
            passes.put(key, score(result.getJsonObject("primaryMetric")));
            JsonObject secondary = result.getJsonObject("secondaryMetrics");
            if (secondary != null && secondary.containsKey("megabytes")) {
                megabytes.put(key, score(secondary.getJsonObject("megabytes")));
            }
        }
    }

    private static Score score(JsonObject metric) {
        double error = metric.getValue("scoreError") instanceof Number n ? n.doubleValue() : Double.NaN;
        return new Score(metric.getDouble("score"), error);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ResultTable JMH_RESULT.json");
            System.exit(2);
        }
        ResultTable table = new ResultTable(new JsonArray(Files.readString(Path.of(args[0]))));
        table.decode();
        table.encode();
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
