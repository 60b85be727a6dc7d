package dev.reel.benchmarks;

import dev.reel.api.log.MessageKind;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdStreamDecoder;
import dev.reel.rrd.proto.logmsg.ArrowMsg;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The Arrow payloads of every {@code ArrowMsg} of a file, as stored (LZ4 blocks or IPC streams) with their
 * uncompressed sizes: what the stage-by-stage baselines work on, taken out of the framing and protobuf once.
 */
final class ArrowPayloads {
    final List<byte[]> stored;
    final int[] uncompressedSizes;
    final boolean lz4;

    private ArrowPayloads(List<byte[]> stored, int[] uncompressedSizes, boolean lz4) {
        this.stored = stored;
        this.uncompressedSizes = uncompressedSizes;
        this.lz4 = lz4;
    }

    static ArrowPayloads read(Path file) throws IOException {
        List<byte[]> stored = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        boolean[] lz4 = new boolean[1];
        forEachArrowMsg(file, message -> {
            lz4[0] = message.getCompressionValue() == Compression.LZ4.protoNumber();
            stored.add(message.getPayload().toByteArray());
            sizes.add(Math.toIntExact(message.getUncompressedSize()));
        });
        return new ArrowPayloads(stored, sizes.stream().mapToInt(Integer::intValue).toArray(), lz4[0]);
    }

    /** The uncompressed size of every chunk's IPC stream, without keeping any payload. */
    static int[] uncompressedSizes(Path file) throws IOException {
        List<Integer> sizes = new ArrayList<>();
        forEachArrowMsg(file, message -> sizes.add(Math.toIntExact(message.getUncompressedSize())));
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    private interface ArrowMsgConsumer {
        void accept(ArrowMsg message) throws IOException;
    }

    /** Streams the file's frames and parses each ArrowMsg with the generated protobuf class. */
    private static void forEachArrowMsg(Path file, ArrowMsgConsumer consumer) throws IOException {
        RrdStreamDecoder frames = new RrdStreamDecoder(file.toString(), Integer.MAX_VALUE - 64);
        RrdStreamDecoder.Listener listener = frame -> {
            if (frame.messageKind() == MessageKind.ARROW_MSG) {
                consumer.accept(ArrowMsg.parseFrom(frame.payload()));
            }
        };
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            while (channel.read(buffer.clear()) >= 0) {
                frames.push(buffer.flip(), listener);
            }
        }
        frames.finish(listener);
    }

    /** The IPC streams themselves (decompressed if they are stored as LZ4). */
    List<byte[]> ipcStreams() {
        if (!lz4) {
            return stored;
        }
        LZ4SafeDecompressor decompressor = LZ4Factory.fastestInstance().safeDecompressor();
        List<byte[]> streams = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            streams.add(decompressor.decompress(stored.get(i), uncompressedSizes[i]));
        }
        return streams;
    }

    long storedBytes() {
        return stored.stream().mapToLong(b -> b.length).sum();
    }

    long uncompressedBytes() {
        long total = 0;
        for (int size : uncompressedSizes) {
            total += size;
        }
        return total;
    }

    int largestUncompressed() {
        int largest = 0;
        for (int size : uncompressedSizes) {
            largest = Math.max(largest, size);
        }
        return largest;
    }
}
