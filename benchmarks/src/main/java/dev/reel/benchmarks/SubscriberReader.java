package dev.reel.benchmarks;

import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.RrdStreamDecoder;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The reading side of a subscriber connection: frames the {@code .rrd} stream it receives with the codec's
 * push decoder (as a viewer would, without decoding payloads) and counts the messages.
 */
final class SubscriberReader {
    private final InputStream in;
    private final RrdStreamDecoder decoder = new RrdStreamDecoder("subscriber", Long.MAX_VALUE);
    private final byte[] buffer = new byte[64 << 10];
    private final RrdStreamDecoder.Listener counter = this::count;
    private long messages;

    SubscriberReader(InputStream in) {
        this.in = in;
    }

    private void count(RrdFrame frame) {
        messages++;
    }

    /** Blocks until {@code total} messages have arrived since the connection opened. */
    void awaitMessages(long total) throws IOException {
        while (messages < total) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new EOFException("the subscriber connection closed after " + messages + " messages");
            }
            decoder.push(ByteBuffer.wrap(buffer, 0, n), counter);
        }
    }

    long messages() {
        return messages;
    }
}
