package dev.reel.api.log;

/** A record batch that does not have the layout of a Rerun chunk; the message names the column and the rule. */
public final class ChunkFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ChunkFormatException(String message) {
        super(message);
    }

    public ChunkFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
