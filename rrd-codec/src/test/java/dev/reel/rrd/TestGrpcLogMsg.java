package dev.reel.rrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.reel.api.bus.LogFrame;
import dev.reel.rrd.proto.logmsg.LogMsg;
import dev.reel.rrd.proto.sdkcomms.ReadMessagesResponse;
import dev.reel.rrd.proto.sdkcomms.WriteMessagesRequest;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The proxy's message form (rerun-rrd-format.md §7.1) checked against the protobuf classes generated from the
 * service's definition: what {@link GrpcLogMsg#wrap} writes parses as a {@code ReadMessagesResponse} holding the
 * frame's payload in the field of its kind, and what a protobuf client writes unwraps to the same frame.
 */
class TestGrpcLogMsg {
    private static List<LogFrame> frames() throws IOException {
        StoreAttribution attribution = new StoreAttribution("test");
        return TestStoreAttribution.frames(TestStoreAttribution.recordingWithBlueprint("grpc_app", "run-1")).stream()
                .filter(frame -> frame.kind() != RrdFrame.END)
                .map(frame -> {
                    try {
                        return attribution.attribute(frame).orElseThrow();
                    } catch (RrdFormatException e) {
                        throw new AssertionError(e);
                    }
                }).toList();
    }

    @Test
    void aWrappedFrameIsAReadMessagesResponseOfItsKind() throws Exception {
        List<LogFrame> frames = frames();
        assertThat(frames).extracting(LogFrame::kind).as("every kind is exercised")
                .contains(dev.reel.api.log.MessageKind.values());
        for (LogFrame frame : frames) {
            LogMsg parsed = ReadMessagesResponse.parseFrom(GrpcLogMsg.wrap(frame)).getLogMsg();
            assertThat(parsed.getMsgCase().getNumber()).isEqualTo(frame.kind().number());
            ByteString payload = switch (parsed.getMsgCase()) {
                case SET_STORE_INFO -> parsed.getSetStoreInfo().toByteString();
                case ARROW_MSG -> parsed.getArrowMsg().toByteString();
                case BLUEPRINT_ACTIVATION_COMMAND -> parsed.getBlueprintActivationCommand().toByteString();
                default -> throw new AssertionError("no message in " + parsed);
            };
            assertThat(payload.toByteArray()).isEqualTo(frame.payload());
        }
    }

    @Test
    void aWriteMessagesRequestUnwrapsToTheFrameItCarries() throws Exception {
        for (LogFrame frame : frames()) {
            LogMsg logMsg = ReadMessagesResponse.parseFrom(GrpcLogMsg.wrap(frame)).getLogMsg();
            byte[] request = WriteMessagesRequest.newBuilder().setLogMsg(logMsg).build().toByteArray();
            RrdFrame unwrapped = GrpcLogMsg.unwrap(request, "test", 7);
            assertThat(unwrapped.kind()).isEqualTo(frame.kind().number());
            assertThat(unwrapped.payload()).isEqualTo(frame.payload());
            assertThat(unwrapped.offset()).isEqualTo(7);
        }
    }

    @Test
    void aMessageWithoutALogMsgIsRefusedWithItsIndex() {
        assertThatThrownBy(() -> GrpcLogMsg.unwrap(new byte[0], "grpc test", 3))
                .isInstanceOf(RrdFormatException.class).hasMessageContaining("message 3")
                .hasMessageContaining("no log_msg");
        assertThatThrownBy(() -> GrpcLogMsg.unwrap(new byte[] {10, 5, 1}, "grpc test", 4))
                .isInstanceOf(RrdFormatException.class).hasMessageContaining("not valid protobuf");
        byte[] emptyLogMsg = WriteMessagesRequest.newBuilder().setLogMsg(LogMsg.getDefaultInstance()).build()
                .toByteArray();
        assertThatThrownBy(() -> GrpcLogMsg.unwrap(emptyLogMsg, "grpc test", 5))
                .isInstanceOf(RrdFormatException.class);
    }
}
