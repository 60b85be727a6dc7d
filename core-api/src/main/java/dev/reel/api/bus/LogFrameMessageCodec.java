package dev.reel.api.bus;

import dev.reel.api.ApplicationId;
import dev.reel.api.RecordingId;
import dev.reel.api.StoreId;
import dev.reel.api.StoreKind;
import dev.reel.api.log.MessageKind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;

/**
 * Carries {@link LogFrame}s on the event bus. Locally the (immutable) frame is passed as is; across a
 * clustered bus it is written as length-prefixed fields followed by the payload.
 */
public final class LogFrameMessageCodec implements MessageCodec<LogFrame, LogFrame> {
    public static final String NAME = "reel.log-frame";

    @Override
    public void encodeToWire(Buffer buffer, LogFrame frame) {
        writeString(buffer, frame.source());
        buffer.appendLong(frame.offset());
        buffer.appendByte((byte) frame.kind().number());
        buffer.appendByte((byte) frame.storeId().kind().protoNumber());
        writeString(buffer, frame.storeId().applicationId().value());
        writeString(buffer, frame.storeId().recordingId().value());
        buffer.appendByte((byte) (frame.isStatic() ? 1 : 0));
        buffer.appendInt(frame.payload().length);
        buffer.appendBytes(frame.payload());
    }

    @Override
    public LogFrame decodeFromWire(int pos, Buffer buffer) {
        int[] cursor = {pos};
        String source = readString(buffer, cursor);
        long offset = buffer.getLong(cursor[0]);
        cursor[0] += 8;
        MessageKind kind = MessageKind.fromNumber(buffer.getByte(cursor[0]++));
        StoreKind storeKind = StoreKind.fromProtoNumber(buffer.getByte(cursor[0]++));
        String applicationId = readString(buffer, cursor);
        String recordingId = readString(buffer, cursor);
        boolean isStatic = buffer.getByte(cursor[0]++) != 0;
        int length = buffer.getInt(cursor[0]);
        cursor[0] += 4;
        byte[] payload = buffer.getBytes(cursor[0], cursor[0] + length);
        return new LogFrame(source, offset, kind,
                new StoreId(storeKind, ApplicationId.of(applicationId), RecordingId.of(recordingId)), isStatic,
                payload);
    }

    @Override
    public LogFrame transform(LogFrame frame) {
        return frame;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }

    private static void writeString(Buffer buffer, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buffer.appendInt(bytes.length);
        buffer.appendBytes(bytes);
    }

    private static String readString(Buffer buffer, int[] cursor) {
        int length = buffer.getInt(cursor[0]);
        String value = buffer.getString(cursor[0] + 4, cursor[0] + 4 + length, StandardCharsets.UTF_8.name());
        cursor[0] += 4 + length;
        return value;
    }
}
