package dev.reel.api.spi;

import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A push decoder: bytes arrive in slices of any size (from a socket, an HTTP body, a file) and every message
 * completed by a slice is handed to the sink at once. Not thread-safe: one decoder per stream.
 */
@ConsumerType
public interface RecordingDecoder extends AutoCloseable {
    /** Consumes all remaining bytes of {@code bytes}; partial messages are kept until more bytes arrive. */
    void push(ByteBuffer bytes, LogMsgSink sink) throws java.io.IOException;

    /**
     * Signals the end of the input.
     *
     * @throws RecordingFormatException if the input ended inside a message
     */
    void finish(LogMsgSink sink) throws java.io.IOException;

    /** Number of bytes consumed so far. */
    long position();

    /** Releases buffered bytes and Arrow memory of a message in progress. */
    @Override
    void close();
}
