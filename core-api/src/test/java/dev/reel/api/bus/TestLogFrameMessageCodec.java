package dev.reel.api.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.StoreId;
import dev.reel.api.log.MessageKind;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** A frame crossing a clustered event bus arrives as it left: ids, offset, static flag and payload. */
class TestLogFrameMessageCodec {
    @Test
    void aFrameSurvivesTheWire() {
        LogFrame frame = new LogFrame("tcp 127.0.0.1:4242", 1234, MessageKind.ARROW_MSG,
                StoreId.blueprint("app with spaces", "rec/ü"), true, new byte[] {1, 2, 3, -1});
        LogFrameMessageCodec codec = new LogFrameMessageCodec();
        Buffer wire = Buffer.buffer().appendString("ignored prefix");
        codec.encodeToWire(wire, frame);
        LogFrame back = codec.decodeFromWire("ignored prefix".length(), wire);
        assertThat(back.source()).isEqualTo(frame.source());
        assertThat(back.offset()).isEqualTo(1234);
        assertThat(back.kind()).isEqualTo(MessageKind.ARROW_MSG);
        assertThat(back.storeId()).isEqualTo(frame.storeId());
        assertThat(back.isStatic()).isTrue();
        assertThat(back.payload()).containsExactly(1, 2, 3, -1);
        assertThat(codec.transform(frame)).isSameAs(frame);
    }

    @Test
    void aFrameNamesWhereItCameFrom() {
        LogFrame read = new LogFrame("file.rrd", 12, MessageKind.SET_STORE_INFO, StoreId.recording("a", "r"), false,
                new byte[0]);
        assertThat(read.origin()).isEqualTo("file.rrd at byte 12");
        LogFrame encoded = new LogFrame("export", LogFrame.UNKNOWN_OFFSET, MessageKind.SET_STORE_INFO,
                StoreId.recording("a", "r"), false, new byte[0]);
        assertThat(encoded.origin()).isEqualTo("export");
        assertThat(read.isPersistent()).isTrue();
    }
}
