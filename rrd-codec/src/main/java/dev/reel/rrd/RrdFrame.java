package dev.reel.rrd;

import static java.util.Objects.requireNonNull;

import dev.reel.api.log.MessageKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One framed message of a stream as the framing decoder reads it, not yet attributed to a store nor decoded:
 * its kind and its protobuf payload exactly as stored. {@link StoreAttribution} turns it into a
 * {@link dev.reel.api.bus.LogFrame}.
 *
 * @param offset where the 16-byte message header starts in the input
 * @param kind the message kind ({@link #END} or a {@link MessageKind} number)
 * @param payload the payload bytes; owned by the frame, never modified
 */
public record RrdFrame(long offset, int kind, byte[] payload) {
    /** The kind of the message that ends a stream; its payload is the footer manifest (0.28+) or empty. */
    public static final int END = 0;
    /** Size of the header in front of every message. */
    public static final int HEADER_SIZE = 16;

    public RrdFrame {
        requireNonNull(payload, "payload is null");
    }

    /** The log message kind, or null for {@link #END}. */
    public MessageKind messageKind() {
        return MessageKind.fromNumber(kind);
    }

    /** Writes the 16-byte message header of a payload of {@code length} bytes into {@code header}. */
    public static byte[] writeHeader(byte[] header, int kind, long length) {
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putLong(0, kind).putLong(8, length);
        return header;
    }

    /** A fresh 16-byte message header. */
    public static byte[] header(int kind, long length) {
        return writeHeader(new byte[HEADER_SIZE], kind, length);
    }

    /** Offset of the payload: just after the message header (what footer manifests point at). */
    public long payloadOffset() {
        return offset + HEADER_SIZE;
    }
}
