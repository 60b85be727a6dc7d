package dev.reel.benchmarks;

import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.LogMsg;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdEncoder;
import dev.reel.rrd.RrdReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.List;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Encoding every message of the benchmark recording (decoded once, kept in Arrow memory) next to what bounds
 * it, all measured in one run. One operation is one pass over the whole recording: the LZ4 encoder does the
 * work of {@link #arrowIpcWriteOnly} and {@link #lz4CompressOnly} together (plus protobuf and framing), so its
 * limit is {@code 1 / (1/ipc + 1/lz4)} passes per second; the uncompressed encoder's is {@link #arrowIpcWriteOnly}.
 */
public class EncodeBenchmark extends BenchmarkDefaults {
    /** Every message of the LZ4 benchmark file, decoded. */
    @State(Scope.Benchmark)
    public static class Messages {
        BufferAllocator allocator;
        List<LogMsg> messages;

        @Setup(Level.Trial)
        public void decode() throws IOException {
            allocator = new RootAllocator();
            messages = RrdReader.readAll(BenchmarkRecording.ensure(Compression.LZ4), allocator);
        }

        @TearDown(Level.Trial)
        public void close() {
            messages.forEach(LogMsg::close);
            allocator.close();
        }
    }

    /** Where the encoder writes: an output that only counts. */
    @State(Scope.Benchmark)
    public static class Output {
        @Param({"LZ4", "NONE"})
        public Compression compression;

        final CountingOutputStream out = new CountingOutputStream();
    }

    /** A reused, growing byte array that IPC streams are written into, and a reused LZ4 output. */
    @State(Scope.Benchmark)
    public static class Buffers {
        final ByteArrayChannel ipc = new ByteArrayChannel();
        byte[] compressed;

        @Setup(Level.Trial)
        public void allocate(IpcStreams streams) {
            compressed = new byte[COMPRESSOR.maxCompressedLength(streams.largest)];
        }
    }

    private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();

    /** {@link RrdEncoder} writing every message, as a new stream. Counts bytes written. */
    @Benchmark
    public long encode(Messages messages, Output output, Throughput throughput) throws IOException {
        output.out.count = 0;
        RrdEncoder encoder = new RrdEncoder(output.out, output.compression);
        for (LogMsg message : messages.messages) {
            encoder.write(message);
        }
        encoder.flush();
        throughput.add(output.out.count);
        return output.out.count;
    }

    /**
     * Stage: Arrow's {@link ArrowStreamWriter} alone, writing every chunk's record batch as an IPC stream
     * (schema, batch, end) into a reused byte array. Counts IPC bytes produced.
     */
    @Benchmark
    public long arrowIpcWriteOnly(Messages messages, Buffers buffers, Throughput throughput) throws IOException {
        long total = 0;
        ByteArrayChannel channel = buffers.ipc;
        for (LogMsg message : messages.messages) {
            if (message instanceof ArrowMsg arrow) {
                channel.size = 0;
                try (ArrowStreamWriter writer = new ArrowStreamWriter(arrow.chunk().recordBatch(), null, channel)) {
                    writer.start();
                    writer.writeBatch();
                    writer.end();
                }
                total += channel.size;
            }
        }
        throughput.add(total);
        return total;
    }

    /**
     * Stage: lz4-java block compression alone of every chunk's IPC stream, as the encoder calls it (heap to
     * heap, fast compressor). Counts uncompressed bytes.
     */
    @Benchmark
    public long lz4CompressOnly(IpcStreams streams, Buffers buffers, Throughput throughput) {
        long total = 0;
        byte[] out = buffers.compressed;
        for (byte[] stream : streams.streams) {
            total += COMPRESSOR.compress(stream, 0, stream.length, out, 0, out.length);
        }
        throughput.add(streams.bytes);
        return total;
    }

    /** Counts what is written and drops it. */
    static final class CountingOutputStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            count += length;
        }
    }

    /** A growing byte array as a channel, like the encoder's own IPC buffer. */
    static final class ByteArrayChannel implements WritableByteChannel {
        byte[] bytes = new byte[64 * 1024];
        int size;

        @Override
        public int write(ByteBuffer source) {
            int length = source.remaining();
            if (size + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size + length, bytes.length * 2));
            }
            source.get(bytes, size, length);
            size += length;
            return length;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }
}
