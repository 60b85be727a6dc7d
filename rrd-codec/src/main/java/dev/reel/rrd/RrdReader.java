package dev.reel.rrd;

import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.api.spi.LogMsgSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Reads whole {@code .rrd}/{@code .rbl} files and streams. Memory use is bounded by the largest message, not
 * the input: messages are handed to the sink one by one as they are decoded.
 */
public final class RrdReader {
    private static final int READ_SIZE = 1 << 20;

    private RrdReader() {}

    /** Decodes a file; a message declaring more bytes than the file has is rejected before allocation. */
    public static void read(Path file, BufferAllocator allocator, DecodeOptions options, LogMsgSink sink)
            throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            RrdDecoder decoder = new RrdDecoder(file.toString(), allocator, options,
                    new RrdDecoder.StreamListener() {}, channel.size());
            ByteBuffer buffer = ByteBuffer.allocateDirect(READ_SIZE);
            while (channel.read(buffer.clear()) >= 0) {
                decoder.push(buffer.flip(), sink);
            }
            decoder.finish(sink);
        }
    }

    /** Decodes a stream until its end (standard input, a download). */
    public static void read(InputStream in, String source, BufferAllocator allocator, DecodeOptions options,
            LogMsgSink sink) throws IOException {
        RrdDecoder decoder = new RrdDecoder(source, allocator, options);
        byte[] buffer = new byte[READ_SIZE];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            decoder.push(ByteBuffer.wrap(buffer, 0, n), sink);
        }
        decoder.finish(sink);
    }

    /**
     * All messages of a file, in order; the caller owns them (close each, e.g. with {@code forEach(LogMsg::close)}).
     * On error, messages decoded so far are closed.
     */
    public static List<LogMsg> readAll(Path file, BufferAllocator allocator) throws IOException {
        List<LogMsg> messages = new ArrayList<>();
        try {
            read(file, allocator, DecodeOptions.DEFAULT, messages::add);
        } catch (IOException | RuntimeException e) {
            messages.forEach(LogMsg::close);
            throw e;
        }
        return messages;
    }
}
