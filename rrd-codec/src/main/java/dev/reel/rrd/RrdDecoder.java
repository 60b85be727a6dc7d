package dev.reel.rrd;

import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.api.spi.LogMsgSink;
import dev.reel.api.spi.RecordingDecoder;
import dev.reel.api.bus.LogFrame;
import dev.reel.rrd.internal.MessageDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Decodes an {@code .rrd} stream pushed in slices of any size into {@link LogMsg}s: Rerun's framing
 * ({@link RrdStreamDecoder}), the store each message belongs to ({@link StoreAttribution}, whose state is this
 * stream's), then the message itself. Every message completed by
 * a slice reaches the sink before {@link #push} returns; an error stops decoding after every message before it
 * was delivered, unless {@link DecodeOptions#continueOnError()} is set, in which case bad messages are reported
 * to {@link LogMsgSink#skipped} and decoding goes on (errors in the framing itself always stop it).
 */
public final class RrdDecoder implements RecordingDecoder {
    private final RrdStreamDecoder frames;
    private final StoreAttribution attribution;
    private final MessageDecoder messages;
    private final boolean continueOnError;
    private final StreamListener listener;

    /** Hears about stream-level events while messages are decoded. */
    public interface StreamListener {
        default void streamStarted(StreamHeader header, long offset) {}

        default void streamEnded(RrdFrame end, StreamFooter footer) {}
    }

    public RrdDecoder(String source, BufferAllocator allocator, DecodeOptions options) {
        this(source, allocator, options, new StreamListener() {});
    }

    public RrdDecoder(String source, BufferAllocator allocator, DecodeOptions options, StreamListener listener) {
        this(source, allocator, options, listener, options.maxMessageBytes());
    }

    /**
     * @param maxFrameBytes the largest message the input can hold (for a file: its size), checked before the
     *     message is read; {@link DecodeOptions#maxMessageBytes()} also limits the decompressed size
     */
    RrdDecoder(String source, BufferAllocator allocator, DecodeOptions options, StreamListener listener,
            long maxFrameBytes) {
        this.frames = new RrdStreamDecoder(source, Math.min(maxFrameBytes, options.maxMessageBytes()));
        this.attribution = new StoreAttribution(source);
        this.messages = new MessageDecoder(allocator, options.maxMessageBytes());
        this.continueOnError = options.continueOnError();
        this.listener = listener;
    }

    @Override
    public void push(ByteBuffer bytes, LogMsgSink sink) throws IOException {
        frames.push(bytes, adapter(sink));
    }

    @Override
    public void finish(LogMsgSink sink) throws IOException {
        frames.finish(adapter(sink));
    }

    @Override
    public long position() {
        return frames.position();
    }

    @Override
    public void close() {}

    private RrdStreamDecoder.Listener adapter(LogMsgSink sink) {
        return new RrdStreamDecoder.Listener() {
            @Override
            public void streamStarted(StreamHeader header, long offset) {
                listener.streamStarted(header, offset);
            }

            @Override
            public void frame(RrdFrame frame) throws IOException {
                LogMsg message;
                try {
                    Optional<LogFrame> attributed = attribution.attribute(frame);
                    if (attributed.isEmpty()) {
                        return;
                    }
                    message = messages.decode(attributed.get());
                } catch (RrdFormatException e) {
                    if (!continueOnError) {
                        throw e;
                    }
                    sink.skipped(e);
                    return;
                }
                sink.accept(message);
            }

            @Override
            public void streamEnded(RrdFrame end, StreamFooter footer) {
                listener.streamEnded(end, footer);
            }
        };
    }
}
