package dev.reel.benchmarks;

import dev.reel.api.StoreId;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.MessageKind;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.rrd.RrdCodec;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.RrdStreamDecoder;
import dev.reel.rrd.StoreAttribution;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Where one entity's chunks lie in a recording file, found by reading the file with the codec alone (frames, store
 * attribution, decoding every {@code ArrowMsg}), not by asking the catalog: the byte ranges the raw-read limits read.
 *
 * @param file the recording
 * @param store the store its chunks belong to
 * @param offsets where each chunk's {@code ArrowMsg} payload starts, in file order
 * @param lengths each payload's length
 * @param statics whether each chunk is static
 */
record ChunkRanges(Path file, StoreId store, long[] offsets, int[] lengths, boolean[] statics) {
    private static final RrdCodec CODEC = new RrdCodec();

    /** One chunk of the entity: its frame as read, and as attributed to its store. */
    private record Found(RrdFrame frame, LogFrame attributed) {}

    static ChunkRanges of(Path file, String entityPath, BufferAllocator allocator) throws IOException {
        List<Found> found = new ArrayList<>();
        StoreAttribution attribution = new StoreAttribution(file.toString());
        RrdStreamDecoder.Listener listener = frame -> {
            if (frame.messageKind() != MessageKind.ARROW_MSG) {
                return;
            }
            LogFrame attributed = attribution.attribute(frame).orElseThrow();
            try (ArrowMsg message = (ArrowMsg) CODEC.decode(attributed, allocator)) {
                if (message.chunk().entityPath().toString().equals(entityPath)) {
                    found.add(new Found(frame, attributed));
                }
            }
        };
        RrdStreamDecoder decoder = new RrdStreamDecoder(file.toString(), DecodeOptions.DEFAULT_MAX_MESSAGE_BYTES);
        decoder.push(ByteBuffer.wrap(Files.readAllBytes(file)), listener);
        decoder.finish(listener);
        if (found.isEmpty()) {
            throw new IllegalStateException(file + " holds no chunk of " + entityPath);
        }
        long[] offsets = new long[found.size()];
        int[] lengths = new int[found.size()];
        boolean[] statics = new boolean[found.size()];
        for (int i = 0; i < offsets.length; i++) {
            Found chunk = found.get(i);
            offsets[i] = chunk.frame().payloadOffset();
            lengths[i] = chunk.frame().payload().length;
            statics[i] = chunk.attributed().isStatic();
        }
        return new ChunkRanges(file, found.get(0).attributed().storeId(), offsets, lengths, statics);
    }

    int chunks() {
        return offsets.length;
    }

    long bytes() {
        long total = 0;
        for (int length : lengths) {
            total += length;
        }
        return total;
    }
}
