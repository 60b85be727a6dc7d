package dev.reel.rrd;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.MessageKind;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.api.spi.RecordingCodec;
import dev.reel.api.spi.RecordingEncoder;
import dev.reel.api.spi.RecordingFormatException;
import dev.reel.api.spi.TransportCodec;
import dev.reel.rrd.internal.MessageDecoder;
import dev.reel.rrd.internal.MessageEncoder;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
            return new LogFrame(source, message.kind(), message.storeId(),
                    message instanceof ArrowMsg arrow && arrow.chunk().isStatic(),
                    Buffer.buffer(java.util.Arrays.copyOf(payload.bytes(), payload.length())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + message.kind() + " of " + message.storeId(), e);
        }
    }

    @Override
    public LogMsg decode(LogFrame frame, BufferAllocator allocator) throws RecordingFormatException {
        // a frame made from an array (LogFrame.of, as every transport makes them) is read in place, not copied
        ByteBuf buffer = ((BufferInternal) frame.payload()).getByteBuf();
        int length = buffer.readableBytes();
        byte[] bytes = buffer.hasArray() && buffer.arrayOffset() + buffer.readerIndex() == 0 ? buffer.array()
                : frame.payload().getBytes();
        MessageDecoder decoder = new MessageDecoder(frame.source(), allocator, DecodeOptions.DEFAULT_MAX_MESSAGE_BYTES);
        return decoder.decode(frame.kind(), bytes, length, RecordingFormatException.UNKNOWN_OFFSET)
                .orElseThrow(() -> new RrdFormatException(RrdFormatException.Kind.BAD_PROTOBUF, frame.source(),
                        RecordingFormatException.UNKNOWN_OFFSET, frame.kind() + " names no application"));
    }

    /** Decodes one framed message of a stream (see {@link RrdStreamDecoder}); the caller owns the result. */
    public static LogMsg decodeFrame(RrdFrame frame, String source, BufferAllocator allocator)
            throws RrdFormatException {
        MessageKind kind = frame.messageKind();
        if (kind == null) {
            throw new IllegalArgumentException("an End frame is not a log message");
        }
        return new MessageDecoder(source, allocator, DecodeOptions.DEFAULT_MAX_MESSAGE_BYTES)
                .decode(kind, frame.payload(), frame.payload().length, frame.offset())
                .orElseThrow(() -> new RrdFormatException(RrdFormatException.Kind.BAD_PROTOBUF, source,
                        frame.offset(), kind + " names no application"));
    }
}
