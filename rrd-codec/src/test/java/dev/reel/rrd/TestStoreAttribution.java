package dev.reel.rrd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.StoreId;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.MessageKind;
import dev.reel.rrd.sdk.Blueprint;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextLog;
import dev.reel.testing.LeakCheckingAllocator;
import dev.reel.testing.LegacyFraming;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rerun's legacy recovery of application ids (rerun-rrd-format.md §3.1, §2.4): streams written before 0.25
 * name the application only in the store info; later messages of the same recording id and store kind get it.
 */
class TestStoreAttribution {

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    /** A recording and a blueprint, as Reel's logging API writes them (0.25+ framing). */
    static byte[] recordingWithBlueprint(String application, String recording) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder(application).recordingId(recording).to(out)) {
            for (int frame = 0; frame < 20; frame++) {
                rec.setTime("frame", frame);
                rec.log("robot/speed", Scalars.of(frame * 0.5));
            }
            rec.logStatic("log", TextLog.of("hello"));
            rec.sendBlueprint(Blueprint.empty().withTimePanel(Blueprint.PanelState.EXPANDED), true, true);
        }
        return out.toByteArray();
    }

    static List<RrdFrame> frames(byte[] stream) throws IOException {
        List<RrdFrame> frames = new ArrayList<>();
        RrdStreamDecoder decoder = new RrdStreamDecoder("test", 1 << 20);
        decoder.push(ByteBuffer.wrap(stream), frames::add);
        decoder.finish(frames::add);
        return frames;
    }

    @Test
    void legacyFramingDecodesToTheSameMessagesAsCurrentFraming() throws IOException {
        byte[] current = recordingWithBlueprint("legacy_app", "run-1");
        byte[] legacy = LegacyFraming.of(current);
        assertThat(frames(legacy)).allSatisfy(frame -> assertThat(RrdEnvelope.read(frame, "test").namesApplication())
                .as("%s at byte %d names no application in the store id", frame.messageKind(), frame.offset())
                .isEqualTo(frame.messageKind() == MessageKind.SET_STORE_INFO));
        List<LogMsg> expected = Messages.decode(current, arrow.allocator(), 0);
        List<LogMsg> actual = Messages.decode(legacy, arrow.allocator(), 7);
        try {
            assertThat(expected.stream().filter(m -> m instanceof ArrowMsg)).hasSizeGreaterThan(2);
            Messages.assertSameMessages(actual, expected);
        } finally {
            Messages.closeAll(expected);
            Messages.closeAll(actual);
        }
    }

    @Test
    void attributedFramesNameTheirApplicationInThePayload() throws IOException {
        StoreAttribution attribution = new StoreAttribution("test");
        for (RrdFrame frame : frames(LegacyFraming.of(recordingWithBlueprint("legacy_app", "run-1")))) {
            LogFrame attributed = attribution.attribute(frame).orElseThrow();
            assertThat(attributed.storeId().applicationId().value()).isEqualTo("legacy_app");
            assertThat(attributed.offset()).isEqualTo(frame.offset());
            RrdEnvelope again = RrdEnvelope.read(new RrdFrame(frame.offset(), frame.kind(), attributed.payload()),
                    "test");
            assertThat(again.applicationId()).isEqualTo("legacy_app");
            assertThat(again.recordingId()).isEqualTo(attributed.storeId().recordingId().value());
        }
        assertThat(attribution.dropped()).isZero();
    }

    @Test
    void aMessageBeforeItsStoreInfoIsDroppedAsRerunDropsIt() throws IOException {
        List<RrdFrame> frames = frames(LegacyFraming.of(recordingWithBlueprint("legacy_app", "run-1")));
        RrdFrame storeInfo = frames.get(0);
        RrdFrame data = firstRecordingChunk(frames);
        StoreAttribution attribution = new StoreAttribution("test");
        assertThat(attribution.attribute(data)).isEmpty();
        assertThat(attribution.attribute(storeInfo)).isPresent();
        assertThat(attribution.attribute(data)).map(LogFrame::storeId)
                .contains(StoreId.recording("legacy_app", "run-1"));
        assertThat(attribution.dropped()).isEqualTo(1);
    }

    @Test
    void theApplicationIsRememberedPerRecordingIdAndStoreKind() throws IOException {
        // a blueprint whose recording id equals a recording's must not borrow the recording's application
        List<RrdFrame> recording = frames(LegacyFraming.of(recordingWithBlueprint("first_app", "shared-id")));
        StoreAttribution attribution = new StoreAttribution("test");
        attribution.attribute(recording.get(0));
        RrdFrame blueprintData = recording.stream()
                .filter(f -> f.messageKind() == MessageKind.ARROW_MSG)
                .filter(f -> rewrittenKind(f).isPresent()).findFirst().orElseThrow();
        assertThat(attribution.attribute(rewrittenKind(blueprintData).get())).isEmpty();
    }

    /** The same ArrowMsg claiming the blueprint store with the same recording id. */
    private static Optional<RrdFrame> rewrittenKind(RrdFrame frame) {
        try {
            RrdEnvelope envelope = RrdEnvelope.read(frame, "test");
            if (envelope.storeKind() != dev.reel.api.StoreKind.RECORDING) {
                return Optional.empty();
            }
            byte[] asBlueprint = LegacyFraming.of(streamOf(RrdEnvelope.rewrite(MessageKind.ARROW_MSG, frame.payload(),
                    StoreId.blueprint("other_app", envelope.recordingId()), "test", 0)));
            return frames(asBlueprint).stream().findFirst();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] streamOf(byte[] arrowMsg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(StreamHeader.written(Compression.LZ4).toBytes());
        out.writeBytes(RrdFrame.header(MessageKind.ARROW_MSG.number(), arrowMsg.length));
        out.writeBytes(arrowMsg);
        return out.toByteArray();
    }

    @Test
    void rewritingKeepsTheArrowDataAndOnlyTheFieldsTheMessageHad() throws IOException {
        byte[] legacy = LegacyFraming.of(recordingWithBlueprint("legacy_app", "run-1"));
        RrdFrame data = firstRecordingChunk(frames(legacy));
        RrdEnvelope before = RrdEnvelope.read(data, "test");
        byte[] rewritten = RrdEnvelope.rewrite(MessageKind.ARROW_MSG, data.payload(),
                StoreId.recording("routed", "run-2"), "test", data.offset());
        RrdEnvelope after = RrdEnvelope.read(new RrdFrame(0, data.kind(), rewritten), "test");
        assertThat(after.applicationId()).isEqualTo("routed");
        assertThat(after.recordingId()).isEqualTo("run-2");
        assertThat(after.arrow().chunkId()).isEqualTo(before.arrow().chunkId());
        assertThat(after.arrow().payloadLength()).isEqualTo(before.arrow().payloadLength());
        assertThat(ByteBuffer.wrap(rewritten, after.arrow().payloadOffset(), after.arrow().payloadLength()))
                .isEqualTo(ByteBuffer.wrap(data.payload(), before.arrow().payloadOffset(),
                        before.arrow().payloadLength()));
        // only the application field is added (tag, length, ApplicationId{id}): 0.24 framing had no is_static,
        // and a rewrite must not invent one
        assertThat(rewritten.length).isEqualTo(data.payload().length + 2 + 2 + "routed".length());
    }

    private static RrdFrame firstRecordingChunk(List<RrdFrame> frames) {
        return frames.stream().filter(f -> f.messageKind() == MessageKind.ARROW_MSG)
                .filter(f -> storeKind(f) == dev.reel.api.StoreKind.RECORDING).findFirst().orElseThrow();
    }

    private static dev.reel.api.StoreKind storeKind(RrdFrame frame) {
        try {
            return RrdEnvelope.read(frame, "test").storeKind();
        } catch (RrdFormatException e) {
            throw new AssertionError(e);
        }
    }
}
