package dev.reel.api.bus;

import static java.util.Objects.requireNonNull;

import dev.reel.api.StoreId;
import dev.reel.api.log.MessageKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * One log message in Rerun's transport form, attributed to its store: the protobuf payload exactly as an
 * {@code .rrd} stream or a gRPC {@code LogMsg} carries it, plus what routing needs without decoding it. This is
 * what sources send on {@link ReelAddresses#INGEST} and what the viewer store republishes on
 * {@link ReelAddresses#LOG}. The store id is authoritative: readers of the payload never recover it again.
 * Immutable: the payload array is shared, never modified.
 *
 * @param source where the message came from, for logs and errors (e.g. {@code tcp 127.0.0.1:53211})
 * @param offset where the message starts in its source (its 16-byte header in an {@code .rrd} stream), or
 *     {@link #UNKNOWN_OFFSET} for a message that was encoded rather than read
 * @param kind the message kind
 * @param storeId the store it belongs to (for an activation command, the blueprint it activates)
 * @param isStatic true for an Arrow message whose chunk is static
 * @param payload the protobuf bytes of the message; the frame owns the array
 */
public record LogFrame(String source, long offset, MessageKind kind, StoreId storeId, boolean isStatic,
        byte[] payload) {
    /** The offset of a frame that was not read from a stream. */
    public static final long UNKNOWN_OFFSET = -1;

    public LogFrame {
        requireNonNull(source, "source is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(storeId, "storeId is null");
        requireNonNull(payload, "payload is null");
    }

    /** The payload's length in bytes. */
    public int size() {
        return payload.length;
    }

    /** The payload as a read-only buffer over the shared array. */
    public ByteBuffer payloadBuffer() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    public void writePayloadTo(OutputStream out) throws IOException {
        out.write(payload);
    }

    /** Messages a late reader needs before any data: store infos, activation commands and blueprint data. */
    public boolean isPersistent() {
        return kind != MessageKind.ARROW_MSG || storeId.isBlueprint();
    }

    /** For logs: where the frame came from, with its byte offset when known. */
    public String origin() {
        return offset == UNKNOWN_OFFSET ? source : source + " at byte " + offset;
    }

    @Override
    public String toString() {
        return kind + " of " + storeId + " (" + payload.length + " bytes) from " + origin();
    }
}
