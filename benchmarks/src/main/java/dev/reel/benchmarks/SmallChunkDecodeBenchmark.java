package dev.reel.benchmarks;

import dev.reel.rrd.RrdDecoder;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.Points3D;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextDocument;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Decoding a recording of small chunks, as real recordings mostly are (the performance issue's case: Rerun's
 * {@code file1.rrd}, 2.6 KB chunks of 1 to 8 rows): five entities (three scalar series, a point cloud of 8 points,
 * a text log) logged frame by frame and batched 4 rows to a chunk, LZ4-compressed, about 40 MB held in memory.
 * One operation is one pass; {@code chunks} counts the chunks decoded, so µs per chunk is 1e6 / (chunks/s).
 * The limit, in the same run: copying the same bytes in memory, 1 MiB at a time (what a plain read costs once
 * the file is in the page cache).
 */
public class SmallChunkDecodeBenchmark extends BenchmarkDefaults {
    static final int FRAMES = 40_000;

    @State(Scope.Benchmark)
    public static class Recording {
        byte[] bytes;
        byte[] copy;
        BufferAllocator allocator;

        @Setup(Level.Trial)
        public void write() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (RecordingStream rec = RecordingStream.builder("small_chunks").recordingId("benchmark")
                    .logTime(false).batching(new BatcherConfig(4, 1 << 20, Duration.ZERO)).to(out)) {
                for (int frame = 0; frame < FRAMES; frame++) {
                    rec.setTime("frame", frame);
                    rec.log("robot/speed", Scalars.of(Math.sin(frame / 100.0)));
                    rec.log("robot/battery", Scalars.of(100 - frame / 1000.0));
                    rec.log("robot/heading", Scalars.of(frame % 360));
                    float[] points = new float[24];
                    for (int i = 0; i < points.length; i++) {
                        points[i] = (frame * 31 + i * 7) % 100 / 10f;
                    }
                    rec.log("robot/lidar", Points3D.of(points));
                    if (frame % 10 == 0) {
                        rec.log("robot/log", TextDocument.of("frame " + frame + ": all systems nominal"));
                    }
                }
            }
            bytes = out.toByteArray();
            copy = new byte[bytes.length];
            allocator = new RootAllocator();
        }

        @TearDown(Level.Iteration)
        public void checkReleased() {
            DecodeBenchmark.checkReleased(allocator);
        }

        @TearDown(Level.Trial)
        public void close() {
            allocator.close();
        }
    }

    /** Chunks decoded per second (besides {@link Throughput}'s megabytes). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Chunks {
        public long chunks;

        @Setup(Level.Iteration)
        public void reset() {
            chunks = 0;
        }
    }

    /** {@link RrdDecoder} over the recording in memory, pushed in 1 MiB slices; every message closed at once. */
    @Benchmark
    public long decode(Recording recording, Throughput throughput, Chunks chunks) throws IOException {
        long messages = DecodeBenchmark.decodeInSlices("small-chunks", recording.bytes, recording.allocator);
        throughput.add(recording.bytes.length);
        chunks.chunks += messages;
        return messages;
    }

    /** Limit: copying the same bytes in memory, 1 MiB at a time. */
    @Benchmark
    public byte memoryCopy(Recording recording, Throughput throughput) {
        throughput.add(recording.bytes.length);
        return DecodeBenchmark.copyInSlices(recording.bytes, recording.copy);
    }
}
