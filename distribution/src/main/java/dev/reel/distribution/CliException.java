package dev.reel.distribution;

/** A failure the command line reports as one line, with its exit code. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit code of bad input or configuration. */
    public static final int USAGE = 2;
    /** Exit code of a failure while running. */
    public static final int FAILURE = 1;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The exit code of an error: a CliException's own, {@link #FAILURE} for anything else. */
    public static int exitCodeOf(Exception error) {
        return error instanceof CliException cli ? cli.exitCode() : FAILURE;
    }
}
