package dev.reel.testing;

import static dev.reel.testing.MessageAssertions.assertSameMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.reel.api.ApplicationId;
import dev.reel.api.RecordingId;
import dev.reel.api.StoreId;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.MessageKind;
import dev.reel.api.spi.RecordingFormatException;
import dev.reel.api.spi.TransportCodec;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rules every {@link TransportCodec} follows: a message encoded as a {@link LogFrame} decodes back equal,
 * the frame (not its payload) says which store a message belongs to, and a payload that is no message fails
 * with a typed error that points at the frame. A codec's test extends this class and names the codec:
 *
 * <pre>{@code
 * class TestMyTransportCodecContract extends TransportCodecContract {
 *     @Override
 *     protected TransportCodec codec() {
 *         return new MyCodec();
 *     }
 * }
 * }</pre>
 *
 * <p>The messages are a {@link SampleRecording}'s unless {@link #messages} is overridden. Every test fails if
 * Arrow memory is left allocated.
 */
public abstract class TransportCodecContract {
    private static final String SOURCE = "contract source";

    @RegisterExtension
    protected final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    /** The codec under test. */
    protected abstract TransportCodec codec();

    /** Valid messages of every kind, owned by the caller; by default a {@link SampleRecording}'s. */
    protected List<LogMsg> messages(BufferAllocator allocator) {
        return SampleRecording.messages(StoreId.recording("contract_app", "transport"), allocator);
    }

    @Test
    void aMessageEncodedThenDecodedIsTheSameMessage() throws RecordingFormatException {
        forEachEncoded((message, frame) -> {
            assertThat(frame.source()).isEqualTo(SOURCE);
            assertThat(frame.kind()).isEqualTo(message.kind());
            assertThat(frame.storeId()).isEqualTo(message.storeId());
            assertThat(frame.isStatic()).as("static flag of %s", message)
                    .isEqualTo(message instanceof ArrowMsg arrowMsg && arrowMsg.chunk().isStatic());
            try (LogMsg decoded = codec().decode(frame, arrow.allocator())) {
                // the original is still the caller's: encoding neither closed nor changed it
                assertSameMessage(decoded, message, message.toString());
            }
        });
    }

    @Test
    void theFramesStoreIdWinsOverWhatItsPayloadSays() throws RecordingFormatException {
        forEachEncoded((message, frame) -> {
            StoreId moved = new StoreId(message.storeId().kind(), ApplicationId.of("moved_app"),
                    RecordingId.of("moved-" + message.storeId().recordingId().value()));
            LogFrame routed = new LogFrame(frame.source(), frame.offset(), frame.kind(), moved, frame.isStatic(),
                    frame.payload());
            try (LogMsg decoded = codec().decode(routed, arrow.allocator())) {
                assertThat(decoded.kind()).isEqualTo(message.kind());
                assertThat(decoded.storeId()).as("store of the decoded %s", message).isEqualTo(moved);
                if (decoded instanceof ArrowMsg arrowMsg) {
                    assertThat(arrowMsg.chunk().contentEquals(((ArrowMsg) message).chunk())).isTrue();
                }
            }
        });
    }

    @Test
    void aPayloadThatIsNoMessageFailsWithTheFramesSourceAndOffset() {
        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0xFF);
        for (MessageKind kind : MessageKind.values()) {
            LogFrame frame = new LogFrame(SOURCE, 4321, kind, StoreId.recording("contract_app", "garbage"), false,
                    garbage);
            RecordingFormatException error = catchThrowableOfType(RecordingFormatException.class,
                    () -> codec().decode(frame, arrow.allocator()).close());
            assertThat(error).as("decoding garbage as %s", kind).isNotNull();
            assertThat(error.code()).matches("[a-z][a-z0-9-]*");
            assertThat(error.source()).isEqualTo(SOURCE);
            assertThat(error.offset()).isEqualTo(4321);
        }
    }

    /** A check of a message and the frame the codec encoded it to. */
    @FunctionalInterface
    private interface EncodedCheck {
        void check(LogMsg message, LogFrame frame) throws RecordingFormatException;
    }

    /** Encodes each of {@link #messages} and checks it with its frame; the messages are closed afterwards. */
    private void forEachEncoded(EncodedCheck check) throws RecordingFormatException {
        List<LogMsg> messages = messages(arrow.allocator());
        try {
            for (LogMsg message : messages) {
                check.check(message, codec().encode(message, SOURCE));
            }
        } finally {
            messages.forEach(LogMsg::close);
        }
    }
}
