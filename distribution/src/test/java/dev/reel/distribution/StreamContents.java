package dev.reel.distribution;

import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.MessageKind;
import dev.reel.rrd.RrdCodec;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.RrdStreamDecoder;
import dev.reel.rrd.StoreAttribution;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;

/** What the integration tests compare streams by: each message's SHA-256, and the temporal rows they hold. */
final class StreamContents {
    private static final RrdCodec CODEC = new RrdCodec();

    private StreamContents() {}

    /** The framed messages of a stream (kind and payload), as fingerprints that can be compared as a multiset. */
    static List<String> fingerprints(byte[] stream) throws IOException {
        List<String> prints = new ArrayList<>();
        new RrdStreamDecoder("expected", Integer.MAX_VALUE).push(ByteBuffer.wrap(stream),
                frame -> prints.add(fingerprint(frame)));
        return prints;
    }

    /** A message's kind and the SHA-256 of its payload. */
    static String fingerprint(RrdFrame frame) {
        try {
            return frame.kind() + ":" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(frame.payload()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The temporal rows of a stream, as {@code store|row id}: what must reach a reader exactly once, whether in a
     * store's (compacted) history or live. Static rows are left out: a store keeps only the static value that
     * wins (Rerun's shadowing), so a late reader gets that one.
     */
    static final class TemporalRows {
        private final StoreAttribution attribution = new StoreAttribution("rows");
        private final RrdStreamDecoder decoder = new RrdStreamDecoder("rows", Integer.MAX_VALUE);
        private final List<String> rows = new ArrayList<>();
        private final BufferAllocator allocator;

        TemporalRows(BufferAllocator allocator) {
            this.allocator = allocator;
        }

        /** The temporal rows of a whole stream, in stream order. */
        static List<String> of(byte[] stream, BufferAllocator allocator) throws IOException {
            TemporalRows rows = new TemporalRows(allocator);
            rows.push(stream, stream.length);
            return rows.rows();
        }

        /** Reads more of the stream: the rows of every message it completes. */
        void push(byte[] bytes, int length) throws IOException {
            decoder.push(ByteBuffer.wrap(bytes, 0, length), frame -> {
                Optional<dev.reel.api.bus.LogFrame> attributed = attribution.attribute(frame);
                if (attributed.isEmpty() || attributed.get().kind() != MessageKind.ARROW_MSG) {
                    return;
                }
                try (LogMsg message = CODEC.decode(attributed.get(), allocator)) {
                    Chunk chunk = ((ArrowMsg) message).chunk();
                    if (!chunk.isStatic()) {
                        for (int row = 0; row < chunk.numRows(); row++) {
                            rows.add(message.storeId() + "|" + chunk.rowId(row));
                        }
                    }
                }
            });
        }

        List<String> rows() {
            return rows;
        }
    }
}
