package dev.reel.rrd;

import static java.util.Objects.requireNonNull;

import dev.reel.api.log.MessageKind;

/**
 * One framed message of a stream, not yet decoded: its kind and its protobuf payload exactly as stored.
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

    /** Offset of the payload: just after the message header (what footer manifests point at). */
    public long payloadOffset() {
        return offset + HEADER_SIZE;
    }
}
