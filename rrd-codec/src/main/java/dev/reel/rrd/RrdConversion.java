package dev.reel.rrd;

import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.api.spi.LogMsgSink;
import dev.reel.api.spi.RecordingCodec;
import dev.reel.api.spi.RecordingDecoder;
import dev.reel.api.spi.RecordingEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Converts a recording of another format, read by a {@link RecordingCodec} an extension provides, into one
 * {@code .rrd} stream: how the file tools and the catalog accept formats other than Rerun's. The input is
 * streamed; each message is written and released as soon as it is decoded.
 */
public final class RrdConversion {
    private static final int READ_SIZE = 1 << 20;

    private RrdConversion() {}

    /**
     * Reads {@code in} with {@code codec} and writes its messages to {@code out} as {@code .rrd} (closing
     * {@code out}).
     *
     * @param source names the input in errors (a file name)
     * @return the number of messages written
     * @throws dev.reel.api.spi.RecordingFormatException where the input is not valid in its format
     */
    public static long toRrd(RecordingCodec codec, String source, InputStream in, OutputStream out,
            BufferAllocator allocator) throws IOException {
        long[] written = {0};
        try (RecordingDecoder decoder = codec.newDecoder(source, allocator, DecodeOptions.DEFAULT);
                RecordingEncoder encoder = new RrdEncoder(out)) {
            LogMsgSink sink = message -> {
                try (LogMsg owned = message) {
                    encoder.write(owned);
                    written[0]++;
                }
            };
            byte[] buffer = new byte[READ_SIZE];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                decoder.push(ByteBuffer.wrap(buffer, 0, n), sink);
            }
            decoder.finish(sink);
        }
        return written[0];
    }
}
