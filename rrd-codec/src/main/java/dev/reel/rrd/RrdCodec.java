package dev.reel.rrd;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.api.spi.RecordingCodec;
import dev.reel.api.spi.RecordingEncoder;
import dev.reel.api.spi.RecordingFormatException;
import dev.reel.api.spi.TransportCodec;
import dev.reel.rrd.internal.MessageDecoder;
import dev.reel.rrd.internal.MessageEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Rerun's {@code .rrd} as a {@link RecordingCodec} (streams and files) and as a {@link TransportCodec} (single
 * messages in Rerun's transport form, as they travel on Reel's event bus and over gRPC). Stateless and
 * thread-safe.
 */
public final class RrdCodec implements RecordingCodec, TransportCodec {
    private static final ThreadLocal<MessageEncoder> ENCODERS =
            ThreadLocal.withInitial(() -> new MessageEncoder(Compression.LZ4));

    @Override
    public String name() {
        return "rrd";
    }

    @Override
    public Set<String> fileExtensions() {
        return Set.of("rrd", "rbl");
    }

    @Override
    public RrdDecoder newDecoder(String source, BufferAllocator allocator, DecodeOptions options) {
        return new RrdDecoder(source, allocator, options);
    }

    @Override
    public RecordingEncoder newEncoder(OutputStream out) {
        return new RrdEncoder(out);
    }

    @Override
    public LogFrame encode(LogMsg message, String source) {
        try {
            MessageEncoder.Payload payload = ENCODERS.get().encode(message);
            return new LogFrame(source, LogFrame.UNKNOWN_OFFSET, message.kind(), message.storeId(),
                    message instanceof ArrowMsg arrow && arrow.chunk().isStatic(),
                    Arrays.copyOf(payload.bytes(), payload.length()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + message.kind() + " of " + message.storeId(), e);
        }
    }

    /** Decodes a frame of the store it names (the frame's store id is trusted, never recovered again). */
    @Override
    public LogMsg decode(LogFrame frame, BufferAllocator allocator) throws RrdFormatException {
        return new MessageDecoder(allocator, DecodeOptions.DEFAULT_MAX_MESSAGE_BYTES).decode(frame);
    }
}
