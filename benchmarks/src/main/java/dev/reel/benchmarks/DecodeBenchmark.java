package dev.reel.benchmarks;

import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.api.spi.LogMsgSink;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdDecoder;
import dev.reel.rrd.RrdStreamDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Decoding the whole benchmark recording from memory, next to what bounds it, all measured in one run. One
 * operation is one pass over the whole recording, so ops/s of different benchmarks compare directly: the
 * decoder does the work of {@link #lz4DecompressOnly} and {@link #arrowIpcReadOnly} together (plus framing,
 * protobuf and chunk checks), so its limit is {@code 1 / (1/lz4 + 1/ipc)} passes per second.
 */
public class DecodeBenchmark extends BenchmarkDefaults {
    /** Slices of the size {@code RrdReader} reads a file in. */
    static final int SLICE = 1 << 20;

    /** The recording file of one compression, read into memory. */
    @State(Scope.Benchmark)
    public static class Recording {
        @Param({"LZ4", "NONE"})
        public Compression compression;

        Path file;
        byte[] bytes;
        BufferAllocator allocator;
        final ByteBuffer readBuffer = ByteBuffer.allocateDirect(SLICE);

        @Setup(Level.Trial)
        public void load() throws IOException {
            file = BenchmarkRecording.ensure(compression);
            bytes = Files.readAllBytes(file);
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

    /** A second array as large as the recording, to copy it into. */
    @State(Scope.Benchmark)
    public static class CopyTarget {
        byte[] bytes;

        @Setup(Level.Trial)
        public void allocate(Recording recording) {
            bytes = new byte[recording.bytes.length];
        }
    }

    /** The LZ4 blocks of every chunk and a buffer as large as the largest decompressed one. */
    @State(Scope.Benchmark)
    public static class Lz4Blocks {
        List<byte[]> blocks;
        int[] sizes;
        long bytes;
        ByteBuffer target;

        @Setup(Level.Trial)
        public void load() throws IOException {
            ArrowPayloads payloads = ArrowPayloads.read(BenchmarkRecording.ensure(Compression.LZ4));
            blocks = payloads.stored;
            sizes = payloads.uncompressedSizes;
            bytes = payloads.storedBytes();
            target = ByteBuffer.allocateDirect(payloads.largestUncompressed());
        }
    }

    /** The allocator the IPC reader loads batches into. */
    @State(Scope.Benchmark)
    public static class IpcAllocator {
        BufferAllocator allocator;

        @Setup(Level.Trial)
        public void open() {
            allocator = new RootAllocator();
        }

        @TearDown(Level.Trial)
        public void close() {
            allocator.close();
        }
    }

    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();

    /** Counts decoded messages and closes them, as a consumer that is done with each at once would. */
    private static final class ClosingSink implements LogMsgSink {
        long messages;

        @Override
        public void accept(LogMsg message) {
            messages++;
            message.close();
        }
    }

    /** {@link RrdDecoder} over the file in memory, pushed in 1 MiB slices. Counts file bytes. */
    @Benchmark
    public long decode(Recording recording, Throughput throughput) throws IOException {
        long messages = decodeInSlices(recording.file.toString(), recording.bytes, recording.allocator);
        throughput.add(recording.bytes.length);
        return messages;
    }

    /** Decodes a recording held in memory, pushed in {@link #SLICE}s, closing every message; returns how many. */
    static long decodeInSlices(String source, byte[] bytes, BufferAllocator allocator) throws IOException {
        RrdDecoder decoder = new RrdDecoder(source, allocator, DecodeOptions.DEFAULT);
        ClosingSink sink = new ClosingSink();
        for (int at = 0; at < bytes.length; at += SLICE) {
            decoder.push(ByteBuffer.wrap(bytes, at, Math.min(SLICE, bytes.length - at)), sink);
        }
        decoder.finish(sink);
        return sink.messages;
    }

    /** Copies {@code from} into {@code to} one {@link #SLICE} at a time; returns the last byte copied. */
    static byte copyInSlices(byte[] from, byte[] to) {
        for (int at = 0; at < from.length; at += SLICE) {
            System.arraycopy(from, at, to, at, Math.min(SLICE, from.length - at));
        }
        return to[from.length - 1];
    }

    /** Fails the iteration when decoded messages were not all released. */
    static void checkReleased(BufferAllocator allocator) {
        if (allocator.getAllocatedMemory() != 0) {
            throw new IllegalStateException(allocator.getAllocatedMemory() + " bytes of Arrow memory leaked");
        }
    }

    /**
     * Part of decode, for the breakdown: the framing layer alone ({@link RrdStreamDecoder}), which copies every
     * payload out of the slices into its own array; payloads are dropped. Counts file bytes.
     */
    @Benchmark
    public long framingOnly(Recording recording, Throughput throughput) throws IOException {
        RrdStreamDecoder frames = new RrdStreamDecoder(recording.file.toString(), DecodeOptions.DEFAULT_MAX_MESSAGE_BYTES);
        long[] payloadBytes = new long[1];
        RrdStreamDecoder.Listener listener = frame -> payloadBytes[0] += frame.payload().length;
        byte[] bytes = recording.bytes;
        for (int at = 0; at < bytes.length; at += SLICE) {
            frames.push(ByteBuffer.wrap(bytes, at, Math.min(SLICE, bytes.length - at)), listener);
        }
        frames.finish(listener);
        throughput.add(bytes.length);
        return payloadBytes[0];
    }

    /** Limit: copying the file in memory into another array, in 1 MiB slices (memcpy). Counts file bytes. */
    @Benchmark
    public byte memoryCopy(Recording recording, CopyTarget target, Throughput throughput) {
        throughput.add(recording.bytes.length);
        return copyInSlices(recording.bytes, target.bytes);
    }

    /** Limit: reading the file (from the page cache) through a 1 MiB direct buffer. Counts file bytes. */
    @Benchmark
    public long fileChannelRead(Recording recording, Throughput throughput) throws IOException {
        long total = 0;
        try (FileChannel channel = FileChannel.open(recording.file)) {
            int n;
            while ((n = channel.read(recording.readBuffer.clear())) >= 0) {
                total += n;
            }
        }
        throughput.add(total);
        return total;
    }

    /**
     * Stage: lz4-java decompression alone of every chunk's block, as the decoder calls it (heap source, direct
     * target), into one reused buffer. Counts compressed bytes.
     */
    @Benchmark
    public long lz4DecompressOnly(Lz4Blocks lz4, Throughput throughput) {
        long produced = 0;
        for (int i = 0; i < lz4.blocks.size(); i++) {
            byte[] block = lz4.blocks.get(i);
            produced += DECOMPRESSOR.decompress(ByteBuffer.wrap(block), 0, block.length, lz4.target, 0, lz4.sizes[i]);
        }
        throughput.add(lz4.bytes);
        return produced;
    }

    /**
     * Stage: Arrow's own {@link ArrowStreamReader} over every chunk's IPC stream, loading its record batch
     * (which copies the body into Arrow memory). Counts IPC bytes.
     */
    @Benchmark
    public long arrowIpcReadOnly(IpcStreams ipc, IpcAllocator arrow, Throughput throughput) throws IOException {
        long rows = 0;
        for (byte[] stream : ipc.streams) {
            try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayReadableSeekableByteChannel(stream),
                    arrow.allocator)) {
                while (reader.loadNextBatch()) {
                    rows += reader.getVectorSchemaRoot().getRowCount();
                }
            }
        }
        throughput.add(ipc.bytes);
        return rows;
    }
}
