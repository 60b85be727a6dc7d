package dev.reel.benchmarks;

import dev.reel.catalog.Catalog;
import dev.reel.catalog.Entry;
import dev.reel.catalog.EntryKind;
import dev.reel.catalog.local.Catalogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Starting a catalog: from {@code Catalogs.open} on an existing data folder to its first answers (the dataset found
 * by {@code entries}, then its whole segment table), for a dataset of 10,000 segments and, in the same run, for a
 * dataset of none. The catalog is built in another JVM in the trial's setup ({@link CatalogFixture#main}), so the
 * first shot of each fork is the first time its JVM loads the catalog's classes (H2, Flyway, HikariCP, the Arrow
 * tables), as in a server that starts; the later shots reopen the closed catalog in a warm JVM. Closing is not
 * timed.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 3)
@Fork(value = 3, jvmArgsAppend = {JvmFlags.OPEN_NIO, JvmFlags.UNSAFE_ALLOCATOR, JvmFlags.CATALOG_HEAP,
        JvmFlags.FIXED_CATALOG_HEAP, JvmFlags.PRE_TOUCH})
public class CatalogStartBenchmark {
    /** A catalog's data folder, filled by another JVM, and the catalog open on it during an iteration. */
    @State(Scope.Benchmark)
    public static class DataFolder {
        @Param({"0", "10000"})
        public int segments;

        Path temp;
        Path recordings;
        BufferAllocator allocator;
        Catalog catalog;

        @Setup(Level.Trial)
        public void build() throws IOException, InterruptedException {
            temp = Files.createTempDirectory("reel-benchmark-catalog-start");
            recordings = SmallRecordings.ensure(CatalogFixture.RECORDINGS);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process build = new ProcessBuilder(java.toString(), JvmFlags.OPEN_NIO, JvmFlags.UNSAFE_ALLOCATOR, "-cp",
                    System.getProperty("java.class.path"), CatalogFixture.class.getName(),
                    temp.resolve("data").toString(), Integer.toString(segments)).inheritIO().start();
            if (build.waitFor() != 0) {
                throw new IllegalStateException("building the catalog failed (exit " + build.exitValue() + ")");
            }
            allocator = new RootAllocator();
        }

        @TearDown(Level.Iteration)
        public void closeCatalog() {
            if (catalog != null) {
                catalog.close();
                catalog = null;
            }
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            allocator.close();
            Folders.delete(temp);
        }
    }

    @Benchmark
    public int openAndListSegments(DataFolder folder) {
        folder.catalog = Catalogs.open(CatalogFixture.config(folder.temp.resolve("data"), folder.recordings),
                folder.allocator);
        List<Entry> datasets = folder.catalog.entries(Set.of(EntryKind.DATASET), false);
        Entry dataset = datasets.stream().filter(e -> e.name().value().equals(CatalogFixture.DATASET)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no dataset '" + CatalogFixture.DATASET + "'"));
        try (VectorSchemaRoot table = folder.catalog.segmentTable(dataset.id(), folder.allocator)) {
            if (table.getRowCount() != folder.segments) {
                throw new IllegalStateException(table.getRowCount() + " segments, not " + folder.segments);
            }
            return table.getRowCount();
        }
    }
}
