package dev.reel.rrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.api.StoreKind;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.ComponentColumn;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.Sorbet;
import dev.reel.api.log.TimeColumn;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.testing.Fixtures;
import dev.reel.testing.LeakCheckingAllocator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every real Rerun fixture decodes to exactly what {@code tools/rrd_dump.py} shows (its saved dumps):
 * messages in order, store ids, chunk ids, entity paths, row counts, timelines and components.
 */
class TestRrdFixtures {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        Fixtures.FILE1 + ", v0.28.0-alpha.1+dev_2025-12-12_file1.rrd.txt",
        Fixtures.FILE2 + ", v0.28.0-alpha.1+dev_2025-12-12_file2.rrd.txt",
        Fixtures.BLUEPRINT_RRB + ", v0.28.0-alpha.1+dev_2025-12-12_test.rrb.txt",
        Fixtures.BOXES_0_30 + ", v0.30.0-alpha.1+dev_dimos-viewer_test_boxes3d.rrd.dump.txt",
        Fixtures.BLUEPRINT_0_30 + ", v0.30.1_rerun-4seasons_blueprint.rbl.dump.txt",
        Fixtures.TEXT_LOG_0_31 + ", v0.31.4_unity-rerun-sdk_oracle_text_log.rrd.dump.txt",
    })
    void decodesToWhatTheIndependentDumperShows(String fixture, String dumpFile) throws Exception {
        RrdDump.Dump dump = RrdDump.ofFixtureDump(dumpFile);
        List<RrdDump.Message> expected = dump.messages().stream().filter(m -> m.kind() != RrdFrame.END).toList();
        List<LogMsg> decoded = RrdReader.readAll(Fixtures.rrd(fixture), arrow.allocator());
        try {
            assertThat(decoded).hasSameSizeAs(expected);
            for (int i = 0; i < decoded.size(); i++) {
                assertMatches(decoded.get(i), expected.get(i));
            }
        } finally {
            decoded.forEach(LogMsg::close);
        }
    }

    static void assertMatches(LogMsg message, RrdDump.Message expected) {
        String where = "message at byte " + expected.offset();
        assertThat(message.kind().number()).as(where).isEqualTo(expected.kind());
        assertThat(message.storeId().kind()).as(where).isEqualTo(StoreKind.fromProtoNumber(expected.storeKind()));
        assertThat(message.storeId().recordingId().value()).as(where).isEqualTo(expected.recordingId());
        if (expected.applicationId() != null) {
            assertThat(message.storeId().applicationId().value()).as(where).isEqualTo(expected.applicationId());
        }
        if (message instanceof ArrowMsg arrowMsg) {
            Chunk chunk = arrowMsg.chunk();
            assertThat(chunk.id().tuid().toString()).as(where).isEqualToIgnoringCase(expected.chunkId());
            assertThat(chunk.entityPath().toString()).as(where).isEqualTo(expected.entityPath());
            assertThat(chunk.numRows()).as(where).isEqualTo(expected.rows());
            assertThat(chunk.isStatic()).as(where).isEqualTo(expected.isStatic());
            assertThat(chunk.timeColumns().stream().map(c -> c.timeline().name()))
                    .as(where).containsExactlyElementsOf(expected.timelines());
            assertThat(chunk.components().stream().map(c -> c.descriptor().component()))
                    .as(where).containsExactlyElementsOf(expected.components());
            assertThat(chunk.metadata()).as(where).containsEntry(Sorbet.VERSION_KEY, Sorbet.VERSION);
        }
        if (message instanceof BlueprintActivationCommand command) {
            assertThat(command.makeActive()).as(where).isEqualTo(expected.makeActive());
            assertThat(command.makeDefault()).as(where).isEqualTo(expected.makeDefault());
        }
    }

    @Test
    void file1HasTheStoreInfoAndDataTheDumpShows() throws Exception {
        List<LogMsg> messages = RrdReader.readAll(Fixtures.rrd(Fixtures.FILE1), arrow.allocator());
        try {
            SetStoreInfo info = (SetStoreInfo) messages.get(0);
            assertThat(info.storeId().toString()).isEqualTo("recording:file1/728a58b2a8d4463ab69effd48853945a");
            assertThat(info.info().storeVersion()).hasValueSatisfying(v ->
                    assertThat(v.toString()).isEqualTo("0.28.0-alpha.1+dev"));
            assertThat(info.rowId().timeNs()).isEqualTo(1765471537004799000L);
            Chunk points = ((ArrowMsg) messages.get(2)).chunk();
            assertThat(points.entityPath().toString()).isEqualTo("/obj3");
            TimeColumn tick = points.timeColumn("log_tick").orElseThrow();
            assertThat(tick.isSorted()).isTrue();
            ComponentColumn positions = points.component("Points3D:positions").orElseThrow();
            assertThat(positions.descriptor().componentType()).contains("rerun.components.Position3D");
            assertThat(points.metadata()).doesNotContainKey("rerun:heap_size_bytes");
        } finally {
            messages.forEach(LogMsg::close);
        }
    }

    /** Rerun parses the header's options before it judges the version: MsgPack is what it reports (§1). */
    @Test
    void msgpackEraFilesAreRejectedAtTheirHeader() {
        assertThatThrownBy(() -> RrdReader.readAll(Fixtures.rrd(Fixtures.LEGACY_MSGPACK), arrow.allocator()))
                .isInstanceOfSatisfying(RrdFormatException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RrdFormatException.Kind.MSGPACK_NOT_SUPPORTED);
                    assertThat(e.offset()).isZero();
                    assertThat(e.getMessage()).contains("0.12.0-alpha.1+dev").contains("0.23");
                });
    }

    @Test
    void prereleaseV0ProtobufIsRejectedAfterDeliveringWhatCameBefore() {
        List<LogMsg> delivered = new ArrayList<>();
        assertThatThrownBy(() -> RrdReader.read(Fixtures.rrd(Fixtures.LEGACY_V0_PROTOBUF), arrow.allocator(),
                DecodeOptions.DEFAULT, delivered::add))
                .isInstanceOfSatisfying(RrdFormatException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RrdFormatException.Kind.LEGACY_PROTOBUF);
                    assertThat(e.offset()).isEqualTo(308);
                });
        assertThat(delivered).hasSize(2).allMatch(m -> m instanceof SetStoreInfo);
        assertThat(delivered.get(0).storeId().applicationId().value()).isEqualTo("rerun_example_hello_world");
    }

    @Test
    void continueOnErrorSkipsTheBadMessagesAndReportsThem() throws IOException {
        List<LogMsg> delivered = new ArrayList<>();
        List<RrdFormatException> skipped = new ArrayList<>();
        RrdReader.read(Fixtures.rrd(Fixtures.LEGACY_V0_PROTOBUF), arrow.allocator(),
                DecodeOptions.DEFAULT.withContinueOnError(true), new dev.reel.api.spi.LogMsgSink() {
                    @Override
                    public void accept(LogMsg message) {
                        delivered.add(message);
                    }

                    @Override
                    public void skipped(dev.reel.api.spi.RecordingFormatException error) {
                        skipped.add((RrdFormatException) error);
                    }
                });
        assertThat(delivered).hasSize(2);
        assertThat(skipped).extracting(RrdFormatException::offset).containsExactly(308L, 1321L);
    }
}
