package dev.reel.transport.tcp.internal;

import dev.reel.api.bus.LogFrame;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.StreamHeader;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The bytes of an {@code .rrd} stream written from bus frames: a stream header, then framed payloads. */
final class Frames {
    private Frames() {}

    /** The header of a stream Reel writes (version 0.33.0; each message carries its own compression). */
    static Buffer streamHeader() {
        return Buffer.buffer(StreamHeader.written(Compression.LZ4).toBytes());
    }

    /** A message header followed by the payload, without copying the payload. */
    static Buffer framed(LogFrame frame) {
        ByteBuffer header = ByteBuffer.allocate(RrdFrame.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(frame.kind().number()).putLong(frame.payload().length()).flip();
        return BufferInternal.buffer(Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(header),
                ((BufferInternal) frame.payload()).getByteBuf().duplicate()));
    }

    /** The bytes of a Vert.x buffer as a NIO buffer, without copying. */
    static ByteBuffer nio(Buffer buffer) {
        return ((BufferInternal) buffer).getByteBuf().nioBuffer();
    }
}
