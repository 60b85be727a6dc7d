package dev.reel.rrd;

import dev.reel.api.spi.RecordingFormatException;
import java.util.Locale;

/** A stream that is not valid {@code .rrd}: what is wrong ({@link #kind()}), in which input and at which byte. */
public final class RrdFormatException extends RecordingFormatException {
    private static final long serialVersionUID = 1L;

    /** What is wrong. {@link #code()} is the kind in lower case with dashes, e.g. {@code bad-lz4}. */
    public enum Kind {
        /** The input does not start with the {@code RRF2} magic. */
        NOT_AN_RRD,
        /** {@code RRF0}/{@code RRF1}: a pre-2023 stream. */
        OLD_RRD_VERSION,
        /** Written by Rerun older than 0.23 with protobuf; no current Rerun reads it either. */
        INCOMPATIBLE_VERSION,
        /** Serializer byte says MsgPack (Rerun before 0.23, whatever the version says), removed in Rerun 0.23. */
        MSGPACK_NOT_SUPPORTED,
        /** Unknown compression or serializer byte, or non-zero reserved bytes in the stream header. */
        INVALID_OPTIONS,
        /** A message declares a length above the configured limit or beyond the end of the file. */
        MESSAGE_TOO_LARGE,
        /** The input ends inside a header, a message or a footer. */
        TRUNCATED,
        /** A message payload is not valid protobuf, or lacks a required field. */
        BAD_PROTOBUF,
        /** A message uses the pre-release {@code rerun.log_msg.v0} protobuf schema of 0.23 dev builds. */
        LEGACY_PROTOBUF,
        /** An unknown compression or encoding value in a message. */
        UNSUPPORTED_ENCODING,
        /** LZ4 data that does not decompress to the declared size. */
        BAD_LZ4,
        /** Arrow IPC data that is not exactly one schema and one record batch. */
        BAD_ARROW,
        /** A record batch without Rerun's chunk layout. */
        BAD_CHUNK,
        /** A footer that cannot be parsed or does not describe the stream. */
        BAD_FOOTER,
        /** A footer whose xxHash32 checksum does not match. */
        FOOTER_CHECKSUM;

        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Kind kind;

    public RrdFormatException(Kind kind, String source, long offset, String message) {
        this(kind, source, offset, message, null);
    }

    public RrdFormatException(Kind kind, String source, long offset, String message, Throwable cause) {
        super(kind.code(), source, offset, message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
