package dev.reel.benchmarks;

import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdEncoder;
import dev.reel.rrd.RrdReader;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.EncodedImage;
import dev.reel.rrd.sdk.Points3D;
import dev.reel.rrd.sdk.RecordingSink;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The recording every codec benchmark reads: a robot logging two lidar point clouds, three camera images and
 * 64 joint signals, written with {@link RecordingStream} (so chunks are batched the way the SDK batches them)
 * until the LZ4 file holds {@link #TARGET_BYTES}. The uncompressed variant holds the very same messages,
 * re-encoded. Both are cached in the temp directory under a name carrying the size and {@link #FORMAT}, so a
 * change to what is generated must bump {@link #FORMAT}.
 *
 * <p>Run as a main to (re)generate and print the two files.
 */
public final class BenchmarkRecording {
    /** Bump whenever the generated content changes, so stale caches are not reused. */
    static final int FORMAT = 1;
    /** Size of the LZ4 file; generation stops at the first frame past it. */
    static final long TARGET_BYTES = 210_000_000L;

    private static final long SEED = 0x5EED_2026L;
    private static final int JOINTS = 32;
    private static final int SIGNAL_STEPS_PER_FRAME = 10;
    private static final long FRAME_NANOS = 100_000_000L;
    private static final long START_NANOS = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z
    private static final String[] LIDARS = {"world/lidar/front", "world/lidar/top"};
    private static final String[] CAMERAS = {"camera/left/image", "camera/center/image", "camera/right/image"};
    /** Scalars flush at 256 rows (a few KB), clouds and images at 2 MiB (one to a few MB). */
    private static final BatcherConfig BATCHING = new BatcherConfig(256, 2L << 20, Duration.ZERO);

    private BenchmarkRecording() {}

    public static void main(String[] args) throws IOException {
        for (Compression compression : Compression.values()) {
            Path file = ensure(compression);
            System.out.printf(Locale.ROOT, "%s %,d bytes%n", file, Files.size(file));
        }
    }

    /** The cached file of this compression, generated first if it is missing. */
    public static synchronized Path ensure(Compression compression) throws IOException {
        Path file = path(compression);
        if (Files.exists(file)) {
            return file;
        }
        Path lz4 = path(Compression.LZ4);
        if (!Files.exists(lz4)) {
            writeAtomically(lz4, BenchmarkRecording::generate);
        }
        if (compression == Compression.NONE) {
            writeAtomically(file, out -> transcode(lz4, out));
        }
        return file;
    }

    /** Where the file of this compression is cached (it may not exist yet). */
    public static Path path(Compression compression) {
        return Path.of(System.getProperty("java.io.tmpdir"), String.format(Locale.ROOT,
                "reel-benchmark-recording-v%d-%dMB-%s.rrd", FORMAT, TARGET_BYTES / 1_000_000,
                compression.name().toLowerCase(Locale.ROOT)));
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes next to the target and renames, so an interrupted run never leaves a truncated cache. */
    private static void writeAtomically(Path file, Writer writer) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 20)) {
            writer.write(out);
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void generate(OutputStream file) throws IOException {
        CountingOutputStream out = new CountingOutputStream(file);
        SplittableRandom random = new SplittableRandom(SEED);
        try (RecordingStream rec = RecordingStream.builder("reel_benchmark").recordingId("benchmark")
                .batching(BATCHING).to(RecordingSink.stream(out, Compression.LZ4))) {
            for (int frame = 0; out.count < TARGET_BYTES; frame++) {
                long frameStart = START_NANOS + frame * FRAME_NANOS;
                rec.setTime("frame", frame);
                rec.setTimestampNanos("capture_time", frameStart);
                for (String lidar : LIDARS) {
                    int points = 5_000 + random.nextInt(15_001);
                    rec.log(lidar, Points3D.of(scan(random, points)).withColors(heightColors(random, points)));
                }
                for (String camera : CAMERAS) {
                    rec.log(camera, EncodedImage.of(jpegLike(random, 200_000 + random.nextInt(300_001)),
                            "image/jpeg"));
                }
                rec.disableTimeline("frame");
                for (int step = 0; step < SIGNAL_STEPS_PER_FRAME; step++) {
                    rec.setTimestampNanos("capture_time", frameStart + step * FRAME_NANOS / SIGNAL_STEPS_PER_FRAME);
                    double t = (frame * SIGNAL_STEPS_PER_FRAME + step) * 0.01;
                    for (int joint = 0; joint < JOINTS; joint++) {
                        rec.log("robot/joint_" + joint + "/position", Scalars.of(Math.sin(t + joint)));
                        rec.log("robot/joint_" + joint + "/velocity",
                                Scalars.of(Math.cos(t + joint) + random.nextGaussian() * 0.01));
                    }
                }
            }
        }
    }

    /** A rotating scan: rings of points at noisy ranges, the float noise real lidar data has. */
    private static float[] scan(SplittableRandom random, int points) {
        float[] xyz = new float[points * 3];
        int rings = 32;
        for (int i = 0; i < points; i++) {
            double azimuth = 2 * Math.PI * i / points * rings;
            double elevation = -0.4 + 0.8 * (i % rings) / rings;
            double range = 5 + 20 * random.nextDouble() + random.nextGaussian() * 0.05;
            xyz[3 * i] = (float) (range * Math.cos(azimuth) * Math.cos(elevation));
            xyz[3 * i + 1] = (float) (range * Math.sin(azimuth) * Math.cos(elevation));
            xyz[3 * i + 2] = (float) (range * Math.sin(elevation));
        }
        return xyz;
    }

    /** Colors from a 16-step height palette: repetitive, as colormapped clouds are. */
    private static int[] heightColors(SplittableRandom random, int points) {
        int[] rgba = new int[points];
        for (int i = 0; i < points; i++) {
            int step = (i % 32) / 2;
            rgba[i] = (step * 16) << 24 | (255 - step * 16) << 16 | (random.nextInt(4) * 8) << 8 | 0xFF;
        }
        return rgba;
    }

    /**
     * Bytes shaped like a JPEG to a compressor: a JPEG marker, then entropy-coded (random) stretches mixed with
     * repeated runs and back-references, about half of the bytes compressible.
     */
    static byte[] jpegLike(SplittableRandom random, int size) {
        byte[] bytes = new byte[size];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xD8;
        bytes[2] = (byte) 0xFF;
        bytes[3] = (byte) 0xE0;
        int at = 4;
        while (at < size) {
            int length = Math.min(size - at, 64 + random.nextInt(4032));
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    for (int i = 0; i < length; i++) {
                        bytes[at + i] = (byte) random.nextInt(256);
                    }
                }
                case 2 -> Arrays.fill(bytes, at, at + length, (byte) random.nextInt(256));
                default -> {
                    int from = random.nextInt(at);
                    for (int i = 0; i < length; i++) {
                        bytes[at + i] = bytes[from + i % (at - from)];
                    }
                }
            }
            at += length;
        }
        return bytes;
    }

    /** Re-encodes the messages of {@code source} without compression. */
    private static void transcode(Path source, OutputStream out) throws IOException {
        try (BufferAllocator allocator = new RootAllocator();
                RrdEncoder encoder = new RrdEncoder(out, Compression.NONE)) {
            RrdReader.read(source, allocator, DecodeOptions.DEFAULT, message -> {
                try (LogMsg owned = message) {
                    encoder.write(owned);
                }
            });
        }
    }

    private static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }
    }
}
