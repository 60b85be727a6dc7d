package dev.reel.rrd;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.MessageKind;
import dev.reel.rrd.internal.FrameEnvelope;
import java.util.Optional;

/**
 * Turns framed messages of a stream into {@link LogFrame}s for the event bus without decoding their Arrow
 * data: the protobuf envelope is read (and checked) for the store id and the static flag, the payload bytes
 * travel as they are. Remembers application ids announced by store infos, for old streams whose messages lack
 * them. One per stream; not thread-safe.
 */
public final class LogFrames {
    private final String source;
    private final FrameEnvelope envelope;

    public LogFrames(String source) {
        this.source = source;
        this.envelope = new FrameEnvelope(source);
    }

    /**
     * The frame as a bus message, or empty for a message Rerun drops too (no application known for it).
     *
     * @throws RrdFormatException if the protobuf envelope is invalid
     */
    public Optional<LogFrame> toLogFrame(RrdFrame frame) throws RrdFormatException {
        MessageKind kind = frame.messageKind();
        if (kind == null) {
            throw new IllegalArgumentException("an End frame is not a log message");
        }
        return envelope.read(kind, frame.payload(), frame.offset())
                .map(header -> LogFrame.of(source, kind, header.storeId(), header.isStatic(), frame.payload()));
    }

    public String source() {
        return source;
    }
}
