package dev.reel.benchmarks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The catalog's tables of BENCHMARKS.md from a JMH JSON result file: every catalog number next to the limit measured
 * in the same run, the ratio of the two and whether the target is met. Times are JMH's mean per operation
 * (ms, ± its 99.9% half-width) and percentiles over all samples; rates are work per operation over the mean time;
 * a ratio is the limit's time over the catalog's (the catalog's rate as a share of the limit's), relative errors
 * combined in quadrature.
 *
 * <p>Registration and the segment table run on both metadata databases (their {@code database} parameter,
 * {@code h2} and {@code postgresql}): each row names its database, and when both ran, one more table compares them
 * (postgresql's time over h2's for the same request). Results without the parameter (older runs) are H2's.
 */
public final class CatalogResultTable {
    private static final String REGISTER = "CatalogRegisterBenchmark.";
    private static final String TABLE = "CatalogSegmentTableBenchmark.";
    private static final String FETCH = "CatalogFetchBenchmark.";
    private static final String START = "CatalogStartBenchmark.openAndListSegments/";
    private static final double REGISTER_TARGET_FILES_PER_SECOND = 500;
    private static final double SEGMENT_TABLE_TARGET_MS = 200;
    private static final double START_TARGET_MS = 2_000;

    private final JmhResults results;
    private final StringBuilder out = new StringBuilder();

    private CatalogResultTable(JmhResults results) {
        this.results = results;
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: CatalogResultTable JMH_RESULT.json [MORE_RESULTS.json ...]");
            System.exit(2);
        }
        JsonArray json = new JsonArray();
        for (String file : args) {
            new JsonArray(Files.readString(Path.of(file))).forEach(json::add);
        }
        CatalogResultTable table = new CatalogResultTable(new JmhResults(json));
        table.registration();
        table.segmentTable();
        table.queryAndFetch();
        table.start();
        System.out.print(table.out);
    }

    private void registration() {
        List<String> requests = List.of("file", "list", "prefix").stream()
                .filter(request -> !databases(REGISTER + "register/" + request).isEmpty()).toList();
        if (requests.isEmpty()) {
            return;
        }
        out.append("### Catalog: registering 10,000 small recordings\n\n");
        out.append("| request | database | files per request | requests sampled | mean ms | p50 ms | p99 ms "
                + "| files/s |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (String request : requests) {
            int files = request.equals("file") ? 1 : CatalogRegisterBenchmark.FILES_PER_BATCH;
            for (String database : databases(REGISTER + "register/" + request)) {
                String key = REGISTER + "register/" + request + database;
                out.append(String.format(Locale.ROOT, "| %s | %s | %d | %,d | %s | %s | %s | %s |%n", request,
                        databaseName(database), files, results.samples(key), ms(mean(key)),
                        fixed(percentile(key, "50.0"), 2), fixed(percentile(key, "99.0"), 2),
                        format(perSecond(mean(key), files), 0)));
            }
        }
        out.append("| limit: write 4 KiB + `force(true)` (fsync) |  |  | ").append(String.format(Locale.ROOT, "%,d",
                results.samples(REGISTER + "fsync"))).append(" | ").append(ms(mean(REGISTER + "fsync")))
                .append(" | ").append(fixed(percentile(REGISTER + "fsync", "50.0"), 3)).append(" | ")
                .append(fixed(percentile(REGISTER + "fsync", "99.0"), 3)).append(" | ")
                .append(format(perSecond(mean(REGISTER + "fsync"), 1), 0)).append(" fsyncs/s |\n");
        out.append("| limit: read a recording + SHA-256 |  | 1 | ").append(String.format(Locale.ROOT, "%,d",
                results.samples(REGISTER + "readAndHash"))).append(" | ").append(ms(mean(REGISTER + "readAndHash")))
                .append(" | ").append(fixed(percentile(REGISTER + "readAndHash", "50.0"), 3)).append(" | ")
                .append(fixed(percentile(REGISTER + "readAndHash", "99.0"), 3)).append(" | ")
                .append(format(perSecond(mean(REGISTER + "readAndHash"), 1), 0)).append(" |\n\n");

        out.append("| request | database | files/s | limit: one fsync per request + read and hash each file "
                + "(files/s) | ratio | ratio to one fsync per request alone | target >= 500 files/s |\n"
                + "|---|---|---:|---:|---:|---:|---|\n");
        for (String request : requests) {
            int files = request.equals("file") ? 1 : CatalogRegisterBenchmark.FILES_PER_BATCH;
            for (String database : databases(REGISTER + "register/" + request)) {
                String key = REGISTER + "register/" + request + database;
                Score rate = perSecond(mean(key), files);
                Score limit = perSecond(plus(mean(REGISTER + "fsync"),
                        mean(REGISTER + "readAndHash").times(files)), files);
                Score fsyncs = perSecond(mean(REGISTER + "fsync"), files);
                out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", request,
                        databaseName(database), format(rate, 0), format(limit, 0), format(rate.over(limit), 3),
                        format(rate.over(fsyncs), 3), met(rate.value() >= REGISTER_TARGET_FILES_PER_SECOND)));
            }
        }
        out.append('\n');

        List<String> compared = requests.stream().filter(request -> bothDatabases(REGISTER + "register/" + request))
                .toList();
        if (compared.isEmpty()) {
            return;
        }
        out.append("| request | h2 mean ms | postgresql mean ms | h2 p99 ms | postgresql p99 ms | h2 files/s "
                + "| postgresql files/s | ratio postgresql / h2 (time per request) |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String request : compared) {
            int files = request.equals("file") ? 1 : CatalogRegisterBenchmark.FILES_PER_BATCH;
            String h2 = REGISTER + "register/" + request + "/" + CatalogFixture.H2;
            String postgresql = REGISTER + "register/" + request + "/" + CatalogFixture.POSTGRESQL;
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", request,
                    ms(mean(h2)), ms(mean(postgresql)), fixed(percentile(h2, "99.0"), 2),
                    fixed(percentile(postgresql, "99.0"), 2), format(perSecond(mean(h2), files), 0),
                    format(perSecond(mean(postgresql), files), 0), format(mean(postgresql).over(mean(h2)), 2)));
        }
        out.append('\n');
    }

    private void segmentTable() {
        List<String> databases = databases(TABLE + "segmentTable");
        if (databases.isEmpty()) {
            return;
        }
        out.append("### Catalog: segment table of 10,000 segments\n\n");
        List<String[]> rows = new ArrayList<>();
        for (String database : databases) {
            String on = databases.size() > 1 || !database.isEmpty() ? ", " + databaseName(database) : "";
            rows.add(new String[] {"segment table (`Catalog.segmentTable`)" + on, TABLE + "segmentTable" + database});
            rows.add(new String[] {"limit: the same metadata rows by plain JDBC (autocommit)" + on,
                    TABLE + "segmentRowsJdbc" + database});
            rows.add(new String[] {"the same rows by JDBC in a REPEATABLE READ transaction, as the catalog reads" + on,
                    TABLE + "segmentRowsJdbcSnapshot" + database});
        }
        rows.add(new String[] {"limit: one stat per registered file", TABLE + "statFiles"});
        timeTable(rows);
        for (String database : databases) {
            String rowsKey = TABLE + "segmentRowsJdbc" + database;
            String snapshotKey = TABLE + "segmentRowsJdbcSnapshot" + database;
            Score catalog = mean(TABLE + "segmentTable" + database);
            out.append("| ratio (limit time / catalog time), ").append(databaseName(database))
                    .append(" | value |\n|---|---:|\n");
            if (has(rowsKey)) {
                out.append("| JDBC rows / segment table | ").append(format(mean(rowsKey).over(catalog), 3))
                        .append(" |\n");
            }
            if (has(rowsKey) && has(TABLE + "statFiles")) {
                out.append("| (JDBC rows + one stat per file) / segment table | ")
                        .append(format(plus(mean(rowsKey), mean(TABLE + "statFiles")).over(catalog), 3))
                        .append(" |\n");
            }
            if (has(snapshotKey) && has(TABLE + "statFiles")) {
                out.append("| (JDBC rows in REPEATABLE READ + one stat per file) / segment table | ")
                        .append(format(plus(mean(snapshotKey), mean(TABLE + "statFiles")).over(catalog), 3))
                        .append(" |\n");
            }
            out.append("| target < 200 ms | ").append(met(catalog.value() < SEGMENT_TABLE_TARGET_MS))
                    .append(" |\n\n");
        }
        List<String> compared = List.of("segmentTable", "segmentRowsJdbc", "segmentRowsJdbcSnapshot").stream()
                .filter(method -> bothDatabases(TABLE + method)).toList();
        if (!compared.isEmpty()) {
            out.append("| benchmark | h2 mean ms | postgresql mean ms | h2 p99 ms | postgresql p99 ms "
                    + "| ratio postgresql / h2 (time) |\n|---|---:|---:|---:|---:|---:|\n");
            for (String method : compared) {
                String h2 = TABLE + method + "/" + CatalogFixture.H2;
                String postgresql = TABLE + method + "/" + CatalogFixture.POSTGRESQL;
                out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", method, ms(mean(h2)),
                        ms(mean(postgresql)), fixed(percentile(h2, "99.0"), 2),
                        fixed(percentile(postgresql, "99.0"), 2), format(mean(postgresql).over(mean(h2)), 2)));
            }
            out.append('\n');
        }
    }

    private void queryAndFetch() {
        if (!has(FETCH + "queryAndFetch")) {
            return;
        }
        out.append("### Catalog: query + fetch of one entity over 1,000 segments (2,000 chunks)\n\n");
        timeTable(List.of(
                new String[] {"query alone (`Catalog.query`)", FETCH + "query"},
                new String[] {"query + fetch (`Catalog.query`, `Catalog.fetch`)", FETCH + "queryAndFetch"},
                new String[] {"limit: read the same byte ranges (FileChannel)", FETCH + "rawRangeReads"},
                new String[] {"limit: read the same byte ranges and decode each chunk",
                        FETCH + "rawRangeReadsAndDecode"}));
        Score catalog = mean(FETCH + "queryAndFetch");
        out.append("| ratio (limit time / catalog time) | value |\n|---|---:|\n");
        out.append("| raw reads / query + fetch | ").append(format(mean(FETCH + "rawRangeReads").over(catalog), 3))
                .append(" |\n");
        out.append("| raw reads and decode / query + fetch | ")
                .append(format(mean(FETCH + "rawRangeReadsAndDecode").over(catalog), 3)).append(" |\n\n");
    }

    private void start() {
        if (!has(START + "10000")) {
            return;
        }
        out.append("### Catalog: cold start (`Catalogs.open` to the first `entries` and `segmentTable`)\n\n");
        out.append("| segments | first open in a new JVM, per fork (ms) | mean ms | reopen in a warm JVM, mean ms "
                + "(shots) |\n|---:|---|---:|---:|\n");
        double[] cold = new double[2];
        int row = 0;
        for (String segments : List.of("0", "10000")) {
            List<Double> first = new ArrayList<>();
            List<Double> later = new ArrayList<>();
            for (List<Double> fork : results.iterationScores.get(START + segments)) {
                first.add(fork.get(0));
                later.addAll(fork.subList(1, fork.size()));
            }
            cold[row++] = first.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            out.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f (%d) |%n", segments.equals("0")
                    ? "0 (empty dataset)" : "10,000", first.stream().map(v -> String.format(Locale.ROOT, "%,.0f", v))
                            .toList(), cold[row - 1], later.stream().mapToDouble(Double::doubleValue).average()
                            .orElse(Double.NaN), later.size()));
        }
        out.append(String.format(Locale.ROOT, "%n| ratio | value |%n|---|---:|%n| first open, 10,000 segments / "
                + "empty | %.2f |%n| 10,000 segments minus empty (ms) | %,.0f |%n| target < 2 s (first open, 10,000 "
                + "segments) | %s |%n%n", cold[1] / cold[0], cold[1] - cold[0], met(cold[1] < START_TARGET_MS)));
    }

    /** Rows of mean, p50, p99 and sample count for benchmarks in ms per operation. */
    private void timeTable(List<String[]> rows) {
        out.append("| benchmark | mean ms | p50 ms | p99 ms | samples |\n|---|---:|---:|---:|---:|\n");
        for (String[] row : rows) {
            if (has(row[1])) {
                out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %,d |%n", row[0], ms(mean(row[1])),
                        fixed(percentile(row[1], "50.0"), 2), fixed(percentile(row[1], "99.0"), 2),
                        results.samples(row[1])));
            }
        }
        out.append('\n');
    }

    private boolean has(String key) {
        return results.passes.containsKey(key);
    }

    /**
     * The key suffixes of the metadata databases a benchmark ran on: {@code /h2} and {@code /postgresql} (its
     * {@code database} parameter), or {@code ""} for results without that parameter.
     */
    private List<String> databases(String key) {
        return List.of("", "/" + CatalogFixture.H2, "/" + CatalogFixture.POSTGRESQL).stream()
                .filter(database -> has(key + database)).toList();
    }

    private boolean bothDatabases(String key) {
        return has(key + "/" + CatalogFixture.H2) && has(key + "/" + CatalogFixture.POSTGRESQL);
    }

    /** The database of a key suffix; results without the parameter are the embedded database's. */
    private static String databaseName(String suffix) {
        return suffix.isEmpty() ? CatalogFixture.H2 : suffix.substring(1);
    }

    private Score mean(String key) {
        Score score = results.passes.get(key);
        if (score == null) {
            throw new IllegalArgumentException("the results hold no " + key);
        }
        return score;
    }

    private double percentile(String key, String which) {
        JsonObject percentiles = results.percentiles.get(key);
        return percentiles == null ? Double.NaN : percentiles.getDouble(which);
    }

    /** {@code work} units per second from a mean time in ms. */
    private static Score perSecond(Score milliseconds, int work) {
        double rate = work * 1000 / milliseconds.value();
        return new Score(rate, rate * milliseconds.relative());
    }

    /** Two stages one after the other: their times add, their errors in quadrature. */
    private static Score plus(Score a, Score b) {
        return new Score(a.value() + b.value(), Math.hypot(a.error(), b.error()));
    }

    private static String met(boolean met) {
        return met ? "**met**" : "**not met**";
    }

    private static String ms(Score score) {
        return format(score, score.value() < 1 ? 3 : score.value() < 100 ? 2 : 0);
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    private static String format(Score score, int decimals) {
        String error = Double.isNaN(score.error()) ? "" : String.format(Locale.ROOT, " ± %,." + decimals + "f",
                score.error());
        return String.format(Locale.ROOT, "%,." + decimals + "f", score.value()) + error;
    }
}
