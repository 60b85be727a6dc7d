package dev.reel.rrd;

import static java.util.Objects.requireNonNull;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.RecordingEncoder;
import dev.reel.rrd.internal.MessageEncoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

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

    /** Writes a message already in transport form as it is, without decoding it. */
    public void write(LogFrame frame) throws IOException {
        writeHeaderOnce();
        RrdFrame.writeHeader(header, frame.kind().number(), frame.size());
        out.write(header);
        frame.writePayloadTo(out);
        position += RrdFrame.HEADER_SIZE + frame.size();
    }

    private void writeHeaderOnce() throws IOException {
        if (!headerWritten) {
            headerWritten = true;
            out.write(StreamHeader.written(compression).toBytes());
            position += StreamHeader.SIZE;
        }
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
