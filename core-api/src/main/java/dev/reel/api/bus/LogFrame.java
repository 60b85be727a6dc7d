package dev.reel.api.bus;

import static java.util.Objects.requireNonNull;

import dev.reel.api.StoreId;
import dev.reel.api.log.MessageKind;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * One log message in Rerun's transport form, as it travels between bundles: the protobuf payload exactly as
 * an {@code .rrd} file or a gRPC {@code LogMsg} carries it, plus what routing needs without decoding it.
 * Immutable; the payload must not be modified.
 *
 * @param source where the message came from, for logs and errors (e.g. {@code tcp 127.0.0.1:53211})
 * @param kind the message kind
 * @param storeId the store it belongs to
 * @param isStatic true for an Arrow message whose chunk is static (never dropped by buffers)
 * @param payload the protobuf bytes of the message
 */
public record LogFrame(String source, MessageKind kind, StoreId storeId, boolean isStatic, Buffer payload) {
    public LogFrame {
        requireNonNull(source, "source is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(storeId, "storeId is null");
        requireNonNull(payload, "payload is null");
    }

    /** A frame over {@code payload} without copying it; the array must not change afterwards. */
    public static LogFrame of(String source, MessageKind kind, StoreId storeId, boolean isStatic, byte[] payload) {
        return new LogFrame(source, kind, storeId, isStatic,
                BufferInternal.buffer(Unpooled.wrappedBuffer(payload)));
    }

    /** Messages a late reader needs before any data: store infos, activation commands and blueprint data. */
    public boolean isPersistent() {
        return kind != MessageKind.ARROW_MSG || storeId.isBlueprint();
    }
}
