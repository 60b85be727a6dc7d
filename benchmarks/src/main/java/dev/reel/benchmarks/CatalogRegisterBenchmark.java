package dev.reel.benchmarks;

import dev.reel.api.EntryId;
import dev.reel.api.EntryName;
import dev.reel.catalog.Catalog;
import dev.reel.catalog.DataSource;
import dev.reel.catalog.OnDuplicate;
import dev.reel.catalog.Registration;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Registering small recordings ({@link SmallRecordings}, one file each, about 16 KB) into a dataset of the catalog,
 * one request after another: one file per request ({@code file}), a list of 100 file sources
 * ({@code list}), or one prefix source naming a folder of 100 files ({@code prefix}). Each request takes the next
 * files of the 10,000; after the last one the next request goes into a new dataset, so datasets grow from 0 to
 * 10,000 segments and no file is registered twice into one. JMH samples every request's time (mean, p50, p99);
 * files/s is files per request over the mean.
 *
 * <p>Each request shape runs against both metadata databases ({@code database}): the embedded H2 database
 * ({@code h2}) and a PostgreSQL server on the same machine ({@code postgresql}, a throw-away cluster started for
 * the trial, see {@link CatalogFixture}). The ratio of interest is postgresql over h2 for the same request.
 *
 * <p>The limits, in the same run: {@link #fsync} appends 4 KiB to a file on the same disk and forces it
 * ({@code FileChannel.force(true)}): the durable writes per second this disk takes, a ceiling for any request that
 * makes its result durable before it returns. {@link #readAndHash} reads one recording and hashes it with SHA-256,
 * the least the catalog does with every file it registers (it keeps each file's hash).
 */
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 3, time = 10)
public class CatalogRegisterBenchmark extends CatalogBenchmarkDefaults {
    static final int FILES_PER_BATCH = SmallRecordings.PER_FOLDER;

    /** The catalog and the request the next invocation sends. */
    @State(Scope.Benchmark)
    public static class Registering {
        @Param({"file", "list", "prefix"})
        public String request;

        /** Where the catalog keeps its metadata: {@code h2} (embedded) or {@code postgresql} (a local server). */
        @Param({CatalogFixture.H2, CatalogFixture.POSTGRESQL})
        public String database;

        CatalogFixture fixture;
        Catalog catalog;
        EntryId dataset;
        int datasets;
        int next = CatalogFixture.RECORDINGS;
        int files;
        List<DataSource> sources;
        long registered;

        @Setup(Level.Trial)
        public void open() throws IOException {
            fixture = CatalogFixture.create("catalog-register", database);
            catalog = fixture.open();
            files = request.equals("file") ? 1 : FILES_PER_BATCH;
        }

        /** The next files; a new dataset once every recording is in the current one. */
        @Setup(Level.Invocation)
        public void nextRequest() {
            if (next + files > CatalogFixture.RECORDINGS) {
                dataset = catalog.createDataset(EntryName.of("register-" + datasets++)).id();
                next = 0;
            }
            sources = switch (request) {
                case "file" -> List.of(DataSource.file(fixture.files.get(next).toString()));
                case "list" -> fixture.files.subList(next, next + files).stream()
                        .map(file -> DataSource.file(file.toString())).toList();
                case "prefix" -> List.of(fixture.prefix(next / FILES_PER_BATCH));
                default -> throw new IllegalArgumentException("no request shape '" + request + "'");
            };
            next += files;
            registered += files;
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            System.out.printf(Locale.ROOT, "registered %,d files into %d datasets (%s)%n", registered, datasets,
                    database);
            fixture.close();
        }
    }

    @Benchmark
    public List<Registration> register(Registering state) {
        return CatalogFixture.registered(state.catalog.register(state.dataset, state.sources, OnDuplicate.ERROR,
                null), state.files);
    }

    /** A file on the same disk as the catalog's database, emptied before every iteration. */
    @State(Scope.Benchmark)
    public static class DiskFile {
        final ByteBuffer block = ByteBuffer.allocateDirect(4096);
        Path temp;
        FileChannel channel;

        @Setup(Level.Trial)
        public void open() throws IOException {
            temp = Files.createTempDirectory("reel-benchmark-fsync");
            channel = FileChannel.open(temp.resolve("fsync.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }

        @Setup(Level.Iteration)
        public void empty() throws IOException {
            channel.truncate(0);
            channel.force(true);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            channel.close();
            Folders.delete(temp);
        }
    }

    /** Limit: one durable append (write, then fsync of data and metadata). */
    @Benchmark
    public int fsync(DiskFile file) throws IOException {
        int written = file.channel.write(file.block.clear());
        file.channel.force(true);
        return written;
    }

    /** The recordings, read one after another. */
    @State(Scope.Thread)
    public static class Recordings {
        List<Path> files;
        MessageDigest sha256;
        int next;

        @Setup(Level.Trial)
        public void find() throws IOException, NoSuchAlgorithmException {
            files = SmallRecordings.files(SmallRecordings.ensure(CatalogFixture.RECORDINGS), CatalogFixture.RECORDINGS);
            sha256 = MessageDigest.getInstance("SHA-256");
        }
    }

    /** Limit: one recording read whole and hashed. */
    @Benchmark
    public byte[] readAndHash(Recordings recordings) throws IOException {
        Path file = recordings.files.get(recordings.next++ % recordings.files.size());
        recordings.sha256.update(Files.readAllBytes(file));
        return recordings.sha256.digest();
    }
}
