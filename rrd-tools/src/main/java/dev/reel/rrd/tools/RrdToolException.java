package dev.reel.rrd.tools;

import static java.util.Objects.requireNonNull;

/**
 * Why a file tool stopped, in one line a user can act on: what was wrong and where (the file, the option, the
 * timeline). The {@link Kind} says whether the tool was asked for something it cannot do or failed doing it; a
 * command line maps them to exit codes 2 and 1. Errors in the data themselves are {@code RrdFormatException}s.
 */
public final class RrdToolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Whose fault it is. */
    public enum Kind {
        /** Bad usage: a missing file, a wrong value, an output that cannot be written where asked. */
        USAGE,
        /** The tool ran and failed: the inputs differ, do not verify, hold nothing to work on. */
        FAILURE
    }

    private final Kind kind;

    private RrdToolException(Kind kind, String message) {
        super(requireNonNull(message, "message is null"));
        this.kind = requireNonNull(kind, "kind is null");
    }

    /** The tool was asked for something it cannot do. */
    public static RrdToolException usage(String message) {
        return new RrdToolException(Kind.USAGE, message);
    }

    /** The tool ran and failed. */
    public static RrdToolException failure(String message) {
        return new RrdToolException(Kind.FAILURE, message);
    }

    public Kind kind() {
        return kind;
    }
}
