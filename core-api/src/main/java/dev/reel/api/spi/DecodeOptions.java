package dev.reel.api.spi;

/**
 * How a decoder treats its input.
 *
 * @param maxMessageBytes a message declaring a larger length is rejected before any allocation
 * @param continueOnError skip bad messages (reporting them) instead of stopping at the first one
 */
public record DecodeOptions(long maxMessageBytes, boolean continueOnError) {
    /** 1 GiB: larger than any chunk Rerun writes by default, small enough to never exhaust a heap by itself. */
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 1L << 30;

    public static final DecodeOptions DEFAULT = new DecodeOptions(DEFAULT_MAX_MESSAGE_BYTES, false);

    public DecodeOptions {
        if (maxMessageBytes <= 0 || maxMessageBytes > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("maxMessageBytes must be in (0, 2 GiB): " + maxMessageBytes);
        }
    }

    public DecodeOptions withContinueOnError(boolean value) {
        return new DecodeOptions(maxMessageBytes, value);
    }

    public DecodeOptions withMaxMessageBytes(long value) {
        return new DecodeOptions(value, continueOnError);
    }
}
