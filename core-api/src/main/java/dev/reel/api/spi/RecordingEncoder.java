package dev.reel.api.spi;

import dev.reel.api.log.LogMsg;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/** Writes messages as a stream of the codec's format. Does not close the messages it writes. */
@ConsumerType
public interface RecordingEncoder extends Flushable, Closeable {
    void write(LogMsg message) throws IOException;

    /** Bytes written so far. */
    long position();

    /** Ends the stream (writing any trailer) and closes the output. */
    @Override
    void close() throws IOException;
}
