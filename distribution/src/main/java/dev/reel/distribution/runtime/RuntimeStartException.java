package dev.reel.distribution.runtime;

/** The runtime could not start; the message says what did not come up and why. */
public final class RuntimeStartException extends Exception {
    private static final long serialVersionUID = 1L;

    public RuntimeStartException(String message) {
        super(message);
    }

    public RuntimeStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
