package dev.reel.rrd;

import static dev.reel.rrd.RrdFormatException.Kind.BAD_FOOTER;
import static dev.reel.rrd.RrdFormatException.Kind.FOOTER_CHECKSUM;
import static dev.reel.rrd.RrdFormatException.Kind.INCOMPATIBLE_VERSION;
import static dev.reel.rrd.RrdFormatException.Kind.INVALID_OPTIONS;
import static dev.reel.rrd.RrdFormatException.Kind.MESSAGE_TOO_LARGE;
import static dev.reel.rrd.RrdFormatException.Kind.MSGPACK_NOT_SUPPORTED;
import static dev.reel.rrd.RrdFormatException.Kind.NOT_AN_RRD;
import static dev.reel.rrd.RrdFormatException.Kind.OLD_RRD_VERSION;
import static dev.reel.rrd.RrdFormatException.Kind.TRUNCATED;

import dev.reel.api.log.CrateVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The framing layer of {@code .rrd}, as a push decoder: bytes arrive in slices of any size and every complete
 * message is handed on as an {@link RrdFrame} at once, without decoding its payload. Follows Rerun's state
 * machine (rerun-rrd-format.md §2.4): stream header, messages, an optional {@code End} message with footer
 * and 32-byte trailer, then possibly another concatenated stream.
 *
 * <p>Lengths are checked against the limit before anything is allocated, and a payload buffer grows only
 * as its bytes actually arrive, so a hostile length costs nothing until the data is there. Not thread-safe.
 */
public final class RrdStreamDecoder {
    /** Receives what the decoder finds, in stream order. */
    public interface Listener {
        /** A stream header was read at {@code offset}. */
        default void streamStarted(StreamHeader header, long offset) throws IOException {}

        /** A complete message (never {@link RrdFrame#END}). */
        void frame(RrdFrame frame) throws IOException;

        /** A stream ended: its {@code End} frame and, from 0.28 on, its verified trailer (else null). */
        default void streamEnded(RrdFrame end, StreamFooter footer) throws IOException {}
    }

    private enum State { STREAM_HEADER, MESSAGE_HEADER, PAYLOAD, AFTER_END, FAILED }

    private static final int MAGIC = 0x32465252; // "RRF2" read little-endian
    /**
     * Payloads up to this size get their exact buffer at once; larger ones grow as their bytes arrive, so that a
     * hostile length costs memory only for data that really comes.
     */
    private static final int GROWTH_CHUNK = 16 << 20;

    private final String source;
    private final long maxMessageBytes;

    private State state = State.STREAM_HEADER;
    private final byte[] head = new byte[StreamFooter.SIZE];
    private int headLength;
    private long position;
    private long streamStart;
    private boolean sawStream;

    private long frameOffset;
    private int frameKind;
    private int payloadLength;
    private byte[] payload;
    private int payloadFilled;
    private RrdFrame pendingEnd;

    public RrdStreamDecoder(String source, long maxMessageBytes) {
        this.source = source;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Bytes consumed so far: the offset of the next byte. */
    public long position() {
        return position;
    }

    /** The offset of the message (or header) currently being read: where an error would be reported. */
    public long currentOffset() {
        return state == State.PAYLOAD ? frameOffset : position - headLength;
    }

    /** Consumes all remaining bytes of {@code bytes}. */
    public void push(ByteBuffer bytes, Listener listener) throws IOException {
        if (state == State.FAILED) {
            throw new IllegalStateException("decoder already failed");
        }
        try {
            while (bytes.hasRemaining()) {
                step(bytes, listener);
            }
        } catch (RrdFormatException e) {
            state = State.FAILED;
            throw e;
        }
    }

    /** Signals the end of the input; fails if it ended inside a header, message or trailer. */
    public void finish(Listener listener) throws IOException {
        switch (state) {
            case STREAM_HEADER -> {
                if (headLength > 0 || !sawStream) {
                    throw error(sawStream ? TRUNCATED : NOT_AN_RRD, position - headLength, sawStream
                            ? "input ends inside a stream header (" + headLength + " of 12 bytes)"
                            : "input is empty or shorter than a stream header");
                }
            }
            case MESSAGE_HEADER -> {
                if (headLength > 0) {
                    throw error(TRUNCATED, position - headLength,
                            "input ends inside a message header (" + headLength + " of 16 bytes)");
                }
            }
            case PAYLOAD -> throw error(TRUNCATED, frameOffset, "input ends inside a message of "
                    + payloadLength + " bytes (" + payloadFilled + " present)");
            case AFTER_END -> finishAfterEnd(listener);
            case FAILED -> { }
        }
    }

    private void finishAfterEnd(Listener listener) throws IOException {
        if (headLength == 0) {
            listener.streamEnded(pendingEnd, null);
            return;
        }
        if (headLength >= 4 && readInt(head, 0) == MAGIC) {
            listener.streamEnded(pendingEnd, null);
            pendingEnd = null;
            state = State.STREAM_HEADER;
            replay(headLength, listener);
            finish(listener);
            return;
        }
        throw error(TRUNCATED, position - headLength,
                "input ends inside a stream footer (" + headLength + " of 32 bytes)");
    }

    private void step(ByteBuffer bytes, Listener listener) throws IOException {
        switch (state) {
            case STREAM_HEADER -> {
                if (fillHead(bytes, StreamHeader.SIZE)) {
                    readStreamHeader(listener);
                }
            }
            case MESSAGE_HEADER -> {
                if (fillHead(bytes, RrdFrame.HEADER_SIZE)) {
                    readMessageHeader(listener);
                }
            }
            case PAYLOAD -> fillPayload(bytes, listener);
            case AFTER_END -> {
                if (fillHead(bytes, StreamFooter.SIZE)) {
                    readAfterEnd(listener);
                }
            }
            case FAILED -> throw new IllegalStateException("decoder already failed");
        }
    }

    /** Copies bytes into the small header buffer until it holds {@code size}; true when it does. */
    private boolean fillHead(ByteBuffer bytes, int size) {
        int n = Math.min(size - headLength, bytes.remaining());
        bytes.get(head, headLength, n);
        headLength += n;
        position += n;
        return headLength == size;
    }

    private void readStreamHeader(Listener listener) throws IOException {
        long offset = position - StreamHeader.SIZE;
        headLength = 0;
        int magic = readInt(head, 0);
        if (magic != MAGIC) {
            boolean old = head[0] == 'R' && head[1] == 'R' && head[2] == 'F' && (head[3] == '0' || head[3] == '1');
            throw error(old ? OLD_RRD_VERSION : NOT_AN_RRD, offset, old
                    ? "stream uses the RRF" + (char) head[3] + " format of Rerun before 2023, which is not supported"
                    : "expected the RRF2 magic of a Rerun stream, found " + printable(head, 4));
        }
        // Options before the version, in Rerun's order (StreamHeader::from_rrd_bytes parses the options, then
        // to_version_and_options checks the version): a MsgPack stream of any version is "MsgPack removed".
        int compression = head[8] & 0xff;
        int serializer = head[9] & 0xff;
        if (head[10] != 0 || head[11] != 0 || compression > 1) {
            throw error(INVALID_OPTIONS, offset, String.format(
                    "unknown stream options: compression %d, serializer %d, reserved %02x%02x", compression,
                    serializer, head[10], head[11]));
        }
        if (serializer == StreamHeader.SERIALIZER_MSGPACK) {
            throw error(MSGPACK_NOT_SUPPORTED, offset, "stream was written by Rerun " + CrateVersion.fromBytes(head, 4)
                    + " with the MsgPack serializer, removed in Rerun 0.23; like Rerun itself, Reel reads streams "
                    + "written by 0.23 and later");
        }
        if (serializer != StreamHeader.SERIALIZER_PROTOBUF) {
            throw error(INVALID_OPTIONS, offset, "unknown stream serializer " + serializer);
        }
        CrateVersion version = CrateVersion.fromBytes(head, 4);
        if (version.isOlderThan(CrateVersion.OLDEST_READABLE)) {
            throw error(INCOMPATIBLE_VERSION, offset, "stream was written by Rerun " + version
                    + "; like Rerun itself, Reel reads streams written by 0.23 and later");
        }
        sawStream = true;
        streamStart = offset;
        state = State.MESSAGE_HEADER;
        listener.streamStarted(new StreamHeader(version, compression == 1 ? Compression.LZ4 : Compression.NONE),
                offset);
    }

    private void readMessageHeader(Listener listener) throws IOException {
        long offset = position - RrdFrame.HEADER_SIZE;
        long kind = readLong(head, 0);
        long length = readLong(head, 8);
        if (kind < 0 || kind > 3) {
            // Rerun's rule: an unknown kind may be the start of a concatenated stream.
            if (readInt(head, 0) == MAGIC) {
                state = State.STREAM_HEADER;
                replay(RrdFrame.HEADER_SIZE, listener);
                return;
            }
            throw error(NOT_AN_RRD, offset, "unknown message kind " + Long.toUnsignedString(kind)
                    + " (expected 0-3 or the RRF2 header of a concatenated stream)");
        }
        if (length < 0 || length > maxMessageBytes) {
            throw error(MESSAGE_TOO_LARGE, offset, "message declares " + Long.toUnsignedString(length)
                    + " bytes; the limit is " + maxMessageBytes);
        }
        headLength = 0;
        frameOffset = offset;
        frameKind = (int) kind;
        payloadLength = (int) length;
        payloadFilled = 0;
        payload = new byte[Math.min(payloadLength, GROWTH_CHUNK)];
        state = State.PAYLOAD;
        if (payloadLength == 0) {
            completePayload(listener);
        }
    }

    private void fillPayload(ByteBuffer bytes, Listener listener) throws IOException {
        int n = Math.min(payloadLength - payloadFilled, bytes.remaining());
        if (payloadFilled + n > payload.length) {
            payload = Arrays.copyOf(payload, (int) Math.min(payloadLength, Math.max(payload.length * 2L,
                    (long) payloadFilled + n)));
        }
        bytes.get(payload, payloadFilled, n);
        payloadFilled += n;
        position += n;
        if (payloadFilled == payloadLength) {
            completePayload(listener);
        }
    }

    private void completePayload(Listener listener) throws IOException {
        RrdFrame frame = new RrdFrame(frameOffset, frameKind, payload);
        payload = null;
        if (frameKind == RrdFrame.END) {
            pendingEnd = frame;
            state = State.AFTER_END;
        } else {
            state = State.MESSAGE_HEADER;
            listener.frame(frame);
        }
    }

    private void readAfterEnd(Listener listener) throws IOException {
        long offset = position - StreamFooter.SIZE;
        if (StreamFooter.isFooter(head, 0)) {
            StreamFooter footer = StreamFooter.parse(head, 0);
            headLength = 0;
            verifyFooter(footer, offset);
            state = State.STREAM_HEADER;
            listener.streamEnded(pendingEnd, footer);
            pendingEnd = null;
        } else if (readInt(head, 0) == MAGIC) {
            // a legacy End (no trailer) followed by a concatenated stream
            listener.streamEnded(pendingEnd, null);
            pendingEnd = null;
            state = State.STREAM_HEADER;
            replay(StreamFooter.SIZE, listener);
        } else {
            throw error(BAD_FOOTER, offset, "after the End message expected a RRF2FOOT trailer or a new "
                    + "stream, found " + printable(head, 8));
        }
    }

    /**
     * Feeds the first {@code length} bytes of the head buffer through the state machine again, in the state
     * just set: they turned out to start something else (a concatenated stream) than what was expected.
     */
    private void replay(int length, Listener listener) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Arrays.copyOf(head, length));
        headLength = 0;
        position -= length;
        while (bytes.hasRemaining()) {
            step(bytes, listener);
        }
    }

    private void verifyFooter(StreamFooter footer, long trailerOffset) throws RrdFormatException {
        if (footer == null) {
            throw error(BAD_FOOTER, trailerOffset, "stream footer must have exactly 1 entry");
        }
        long payloadOffset = pendingEnd.payloadOffset();
        boolean startMatches = footer.footerStart() == payloadOffset - streamStart
                || footer.footerStart() == payloadOffset;
        if (!startMatches || footer.footerLength() != pendingEnd.payload().length) {
            throw error(BAD_FOOTER, trailerOffset, "stream footer points at bytes " + footer.footerStart() + "+"
                    + footer.footerLength() + " but the End message payload is at " + (payloadOffset - streamStart)
                    + "+" + pendingEnd.payload().length);
        }
        int actual = StreamFooter.checksumOf(pendingEnd.payload(), 0, pendingEnd.payload().length);
        if (actual != footer.checksum()) {
            throw error(FOOTER_CHECKSUM, trailerOffset, String.format(
                    "footer checksum mismatch: trailer says %08x, payload hashes to %08x", footer.checksum(), actual));
        }
    }

    private RrdFormatException error(RrdFormatException.Kind kind, long offset, String message) {
        return new RrdFormatException(kind, source, offset, message);
    }

    private static int readInt(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(offset);
    }

    private static long readLong(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
    }

    private static String printable(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < length; i++) {
            int b = bytes[i] & 0xff;
            out.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return out.append('\'').toString();
    }
}
