package dev.reel.rrd.sdk;

import dev.reel.api.log.LogMsg;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdEncoder;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a {@link RecordingStream} sends its messages. A sink must be done with a message when {@link #send}
 * returns (encode or copy it): the stream closes the message afterwards. Called under the stream's lock.
 */
public interface RecordingSink extends Closeable {
    void send(LogMsg message) throws IOException;

    void flush() throws IOException;

    /** An {@code .rrd} file (LZ4-compressed), created or replaced. */
    static RecordingSink file(Path path) throws IOException {
        return stream(Files.newOutputStream(path));
    }

    /** An {@code .rrd} stream on any output; closing the sink closes the output. */
    static RecordingSink stream(OutputStream out) {
        return stream(out, Compression.LZ4);
    }

    static RecordingSink stream(OutputStream out, Compression compression) {
        RrdEncoder encoder = new RrdEncoder(out, compression);
        return new RecordingSink() {
            @Override
            public void send(LogMsg message) throws IOException {
                encoder.write(message);
            }

            @Override
            public void flush() throws IOException {
                encoder.flush();
            }

            @Override
            public void close() throws IOException {
                encoder.close();
            }
        };
    }
}
