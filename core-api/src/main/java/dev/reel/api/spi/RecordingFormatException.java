package dev.reel.api.spi;

import java.io.IOException;

/**
 * Input that is not a valid recording: says what is wrong ({@link #code()}), in which input
 * ({@link #source()}) and at which byte offset ({@link #offset()}).
 */
public class RecordingFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Offset value when the position is not known. */
    public static final long UNKNOWN_OFFSET = -1;

    private final String code;
    private final String source;
    private final long offset;
    private final String detail;

    public RecordingFormatException(String code, String source, long offset, String message, Throwable cause) {
        super(format(source, offset, message), cause);
        this.code = code;
        this.source = source;
        this.offset = offset;
        this.detail = format(null, offset, message);
    }

    public RecordingFormatException(String code, String source, long offset, String message) {
        this(code, source, offset, message, null);
    }

    private static String format(String source, long offset, String message) {
        return (source == null ? "" : source + ": ")
                + (offset == UNKNOWN_OFFSET ? "" : "at byte " + offset + ": ") + message;
    }

    /** A stable, machine-readable name of the error, e.g. {@code truncated} or {@code bad-lz4}. */
    public String code() {
        return code;
    }

    /** The input: a file name, a connection, or null if unnamed. */
    public String source() {
        return source;
    }

    /**
     * The message without the source's name ({@code at byte 12: ...}), for whoever is that source: a producer
     * told why its stream was refused knows where it connected from.
     */
    public String detail() {
        return detail;
    }

    /** The byte offset in the input where the bad message or field starts, or {@link #UNKNOWN_OFFSET}. */
    public long offset() {
        return offset;
    }
}
