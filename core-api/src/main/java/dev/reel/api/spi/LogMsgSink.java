package dev.reel.api.spi;

import dev.reel.api.log.LogMsg;
import org.osgi.annotation.versioning.ConsumerType;

/** Receives decoded messages; it owns each message it receives and must close it. */
@ConsumerType
@FunctionalInterface
public interface LogMsgSink {
    void accept(LogMsg message) throws java.io.IOException;

    /**
     * Called instead of stopping when a decoder configured to continue on error skips a bad message. The
     * default rethrows, which stops decoding.
     */
    default void skipped(RecordingFormatException error) throws RecordingFormatException {
        throw error;
    }
}
