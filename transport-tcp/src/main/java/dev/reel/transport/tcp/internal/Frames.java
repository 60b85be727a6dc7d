package dev.reel.transport.tcp.internal;

import dev.reel.api.bus.LogFrame;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.StreamHeader;
import io.vertx.core.buffer.Buffer;

/** The bytes of an {@code .rrd} stream written from bus frames: a stream header, then framed payloads. */
final class Frames {
    private Frames() {}

    /** The header of a stream Reel writes (version 0.33.0; each message carries its own compression). */
    static Buffer streamHeader() {
        return Buffer.buffer(StreamHeader.written(Compression.LZ4).toBytes());
    }

    /** A message header followed by the payload. */
    static Buffer framed(LogFrame frame) {
        return Buffer.buffer(frame.size() + RrdFrame.HEADER_SIZE)
                .appendBytes(RrdFrame.header(frame.kind().number(), frame.size()))
                .appendBytes(frame.payload());
    }
}
