package dev.reel.benchmarks;

import dev.reel.api.StoreId;
import dev.reel.api.Tuid;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.StoreInfo;
import dev.reel.api.log.StoreSource;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdEncoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The small recordings the catalog benchmarks register: one {@code .rrd} file per recording, its recording id the
 * segment it becomes ({@code segment-00042}), written by Reel's encoder (LZ4, no footer, as the Java SDK writes
 * files). A short robot log: {@link #SIGNALS} scalar signals ({@link ScalarChunks}: {@code frame} and
 * {@code log_time} timelines) of {@link #ROWS} rows each, {@link #ROWS_PER_CHUNK} rows to a chunk, so 8 chunks and
 * about 16.6 KB per file (mostly the Arrow schema each chunk carries). The chunks are built in Arrow directly: the
 * SDK takes about 10 ms per file here, which would make 10,000 files a 100 s setup. Files lie in folders of
 * {@link #PER_FOLDER} ({@code batch-000/}), so that a folder is a prefix source of that many files.
 *
 * <p>The files never change once written, so like {@link BenchmarkRecording} they are cached in the temp directory
 * ({@code reel-benchmark-catalog-v1-10000/}) for every fork and run; bump {@link #FORMAT} when what is written
 * changes. Every trial still builds its own catalog from them.
 */
final class SmallRecordings {
    /** Bump whenever the generated content changes, so stale caches are not reused. */
    static final int FORMAT = 1;
    static final int SIGNALS = 4;
    static final int ROWS = 64;
    static final int ROWS_PER_CHUNK = 32;
    static final int PER_FOLDER = 100;
    /** The entity a query asks for: one of the signals, {@code ROWS / ROWS_PER_CHUNK} chunks per file. */
    static final String QUERIED_ENTITY = ScalarChunks.entity(0).toString();

    private SmallRecordings() {}

    /**
     * The cached folder of {@code count} recordings, written first if it is missing (into a {@code .partial}
     * folder renamed when complete, so an interrupted run never leaves half of them).
     */
    static synchronized Path ensure(int count) throws IOException {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), String.format(Locale.ROOT,
                "reel-benchmark-catalog-v%d-%d", FORMAT, count));
        if (Files.isDirectory(root)) {
            return root;
        }
        Path partial = root.resolveSibling(root.getFileName() + ".partial");
        Folders.delete(partial);
        long start = System.nanoTime();
        try (BufferAllocator allocator = new RootAllocator()) {
            for (int i = 0; i < count; i++) {
                Path file = path(partial, i);
                if (i % PER_FOLDER == 0) {
                    Files.createDirectories(file.getParent());
                }
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 << 10)) {
                    write(out, segment(i), allocator);
                }
            }
        }
        Files.move(partial, root, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf(Locale.ROOT, "wrote %,d recordings into %s in %.1f s%n", count, root,
                (System.nanoTime() - start) / 1e9);
        return root;
    }

    /** The paths of the first {@code count} recordings under {@code root}, in segment order. */
    static List<Path> files(Path root, int count) {
        List<Path> files = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            files.add(path(root, i));
        }
        return files;
    }

    /** Where recording {@code index} lies under {@code root}. */
    static Path path(Path root, int index) {
        return folder(root, index / PER_FOLDER).resolve(segment(index) + ".rrd");
    }

    /** The folder of the {@code folder}-th batch of {@link #PER_FOLDER} recordings. */
    static Path folder(Path root, int folder) {
        return root.resolve(String.format(Locale.ROOT, "batch-%03d", folder));
    }

    static String segment(int index) {
        return String.format(Locale.ROOT, "segment-%05d", index);
    }

    private static void write(OutputStream out, String recordingId, BufferAllocator allocator) throws IOException {
        StoreId store = StoreId.recording("reel_benchmark", recordingId);
        try (RrdEncoder encoder = new RrdEncoder(out, Compression.LZ4)) {
            encoder.write(new SetStoreInfo(Tuid.next(), new StoreInfo(store, StoreSource.other("reel-benchmark"),
                    Optional.empty())));
            for (int signal = 0; signal < SIGNALS; signal++) {
                for (int from = 0; from < ROWS; from += ROWS_PER_CHUNK) {
                    try (ArrowMsg chunk = new ArrowMsg(store, ScalarChunks.build(allocator, signal, from,
                            ROWS_PER_CHUNK))) {
                        encoder.write(chunk);
                    }
                }
            }
        }
    }
}
