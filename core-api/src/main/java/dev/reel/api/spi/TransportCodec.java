package dev.reel.api.spi;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.LogMsg;
import org.apache.arrow.memory.BufferAllocator;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Converts single messages between their decoded form and Rerun's transport form (the protobuf payload of an
 * {@code .rrd} message or gRPC {@code LogMsg}), which is what travels on the event bus.
 */
@ConsumerType
public interface TransportCodec {
    /** Encodes a message; the message stays owned by the caller. */
    LogFrame encode(LogMsg message, String source);

    /** Decodes a frame; the caller owns the result. */
    LogMsg decode(LogFrame frame, BufferAllocator allocator) throws RecordingFormatException;
}
