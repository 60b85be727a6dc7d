package dev.reel.benchmarks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A JMH JSON result file read into scores keyed {@code Class.method/variant}, the variant being the values of
 * the parameters that tell results of one method apart ({@link #VARIANT_PARAMS}).
 */
final class JmhResults {
    /** The parameters that tell results of one benchmark method apart; the others are fixed sizes. */
    static final List<String> VARIANT_PARAMS = List.of("compression", "windowRows", "compaction", "messages",
            "request", "segments", "database");

    /** Primary scores: passes per second for the codec, the mode's unit for the others. */
    final Map<String, Score> passes = new HashMap<>();
    final Map<String, Score> megabytes = new HashMap<>();
    final Map<String, Map<String, Score>> secondaries = new HashMap<>();
    final Map<String, JsonObject> params = new HashMap<>();
    final Map<String, JsonObject> percentiles = new HashMap<>();
    /** Per fork, the score of every measurement iteration (for single-shot runs: each shot, in order). */
    final Map<String, List<List<Double>>> iterationScores = new HashMap<>();
    /** Per measurement iteration, the sampled values and their counts ({@code [[value, count], ...]}). */
    final Map<String, List<JsonArray>> iterationHistograms = new HashMap<>();

    JmhResults(JsonArray results) {
        for (int i = 0; i < results.size(); i++) {
            JsonObject result = results.getJsonObject(i);
            String name = result.getString("benchmark").replaceFirst("^.*\\.(\\w+\\.\\w+)$", "$1");
            JsonObject parameters = result.getJsonObject("params", new JsonObject());
            StringBuilder key = new StringBuilder(name);
            for (String param : VARIANT_PARAMS) {
                if (parameters.containsKey(param)) {
                    key.append('/').append(parameters.getString(param));
                }
            }
            String k = key.toString();
            params.put(k, parameters);
            JsonObject primary = result.getJsonObject("primaryMetric");
            passes.put(k, score(primary));
            JsonArray raw = primary.getJsonArray("rawData", new JsonArray());
            List<List<Double>> forkScores = new ArrayList<>();
            for (int f = 0; f < raw.size(); f++) {
                List<Double> shots = new ArrayList<>();
                raw.getJsonArray(f).forEach(value -> shots.add(((Number) value).doubleValue()));
                forkScores.add(shots);
            }
            iterationScores.put(k, forkScores);
            if (primary.containsKey("rawDataHistogram")) {
                percentiles.put(k, primary.getJsonObject("scorePercentiles"));
                List<JsonArray> iterations = new ArrayList<>();
                JsonArray forks = primary.getJsonArray("rawDataHistogram");
                for (int f = 0; f < forks.size(); f++) {
                    forks.getJsonArray(f).forEach(iteration -> iterations.add((JsonArray) iteration));
                }
                iterationHistograms.put(k, iterations);
            }
            JsonObject secondary = result.getJsonObject("secondaryMetrics", new JsonObject());
            Map<String, Score> named = new HashMap<>();
            secondary.fieldNames().forEach(metric -> named.put(metric, score(secondary.getJsonObject(metric))));
            secondaries.put(k, named);
            if (named.containsKey("megabytes")) {
                megabytes.put(k, named.get("megabytes"));
            }
        }
    }

    /**
     * The results of one or more JMH JSON result files; a benchmark found in a later file replaces the same benchmark
     * (and parameters) of an earlier one, so part of a suite can be re-run.
     */
    static JmhResults read(String... files) throws IOException {
        JsonArray results = new JsonArray();
        for (String file : files) {
            new JsonArray(Files.readString(Path.of(file))).forEach(results::add);
        }
        return new JmhResults(results);
    }

    private static Score score(JsonObject metric) {
        double error = metric.getValue("scoreError") instanceof Number n ? n.doubleValue() : Double.NaN;
        return new Score(metric.getDouble("score"), error);
    }

    /** The lowest and highest value of one percentile among the measurement iterations. */
    double[] iterationSpread(String key, double quantile) {
        double low = Double.MAX_VALUE;
        double high = 0;
        for (JsonArray histogram : iterationHistograms.get(key)) {
            double value = quantile(histogram, quantile);
            low = Math.min(low, value);
            high = Math.max(high, value);
        }
        return new double[] {low, high};
    }

    private static double quantile(JsonArray histogram, double quantile) {
        List<double[]> points = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < histogram.size(); i++) {
            JsonArray point = histogram.getJsonArray(i);
            long count = point.getLong(1);
            points.add(new double[] {point.getDouble(0), count});
            total += count;
        }
        points.sort(Comparator.comparingDouble(point -> point[0]));
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (double[] point : points) {
            seen += (long) point[1];
            if (seen >= rank) {
                return point[0];
            }
        }
        return Double.NaN;
    }

    long samples(String key) {
        long total = 0;
        for (JsonArray histogram : iterationHistograms.get(key)) {
            for (int i = 0; i < histogram.size(); i++) {
                total += histogram.getJsonArray(i).getLong(1);
            }
        }
        return total;
    }
}
