package dev.reel.rrd;

import static java.util.Objects.requireNonNull;

import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.RecordingEncoder;
import dev.reel.rrd.internal.MessageEncoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes an {@code .rrd} stream that the Rerun 0.33 viewer reads: stream header with version 0.33.0, then one
 * framed protobuf message per {@link LogMsg}, LZ4-compressed Arrow by default. No footer is written (like
 * Rerun's streaming sinks), so the output can be appended to and concatenated. Not thread-safe.
 */
public final class RrdEncoder implements RecordingEncoder {
    private final OutputStream out;
    private final Compression compression;
    private final MessageEncoder messages;
    private final byte[] header = new byte[RrdFrame.HEADER_SIZE];
    private boolean headerWritten;
    private long position;

    public RrdEncoder(OutputStream out) {
        this(out, Compression.LZ4);
    }

    public RrdEncoder(OutputStream out, Compression compression) {
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(requireNonNull(out), 1 << 16);
        this.compression = requireNonNull(compression, "compression is null");
        this.messages = new MessageEncoder(compression);
    }

    @Override
    public void write(LogMsg message) throws IOException {
        writeHeaderOnce();
        position += messages.writeFramed(message, out);
    }

    /** Writes an already encoded message payload as it is (for tools that do not decode payloads). */
    public void writeFrame(int kind, byte[] payload, int length) throws IOException {
        writeHeaderOnce();
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putLong(0, kind).putLong(8, length);
        out.write(header);
        out.write(payload, 0, length);
        position += RrdFrame.HEADER_SIZE + length;
    }

    private void writeHeaderOnce() throws IOException {
        if (!headerWritten) {
            headerWritten = true;
            out.write(StreamHeader.written(compression).toBytes());
            position += StreamHeader.SIZE;
        }
    }

    /** The encoder's reusable message encoder, for tools that rewrite payloads ({@code route}). */
    MessageEncoder messageEncoder() {
        return messages;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void flush() throws IOException {
        writeHeaderOnce();
        out.flush();
    }

    /** Flushes and closes the output. A stream with no messages still gets its header. */
    @Override
    public void close() throws IOException {
        try (out) {
            flush();
        }
    }
}
