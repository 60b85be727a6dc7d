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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real Rerun fixture decodes to exactly what {@code tools/rrd_dump.py} shows (its saved dumps):
 * messages in order, store ids, chunk ids, entity paths, row counts, timelines and components. The
 * real-world files of {@code wild/} (see its README) are checked the same way, plus what their README says.
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
        List<LogMsg> decoded = RrdReader.readAll(Fixtures.rrd(fixture), arrow.allocator());
        try {
            assertMatchesInOrder(decoded, dump.messages());
        } finally {
            decoded.forEach(LogMsg::close);
        }
    }

    /**
     * One of the real-world files of {@code wild/} that decodes, with what its README says: the message counts
     * per kind, and the stores with the number of chunks each (application id included, also where the
     * 0.24-era {@code StoreId}s lack it and only the deprecated {@code StoreInfo.application_id} names it).
     */
    record WildFile(String name, int storeInfos, int activations, boolean footer, Map<String, Integer> chunksByStore) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<WildFile> wildFiles() {
        return Stream.of(
                new WildFile("v0.24.0_rko-lio_rko_lio_2025-09.rbl", 1, 1, false,
                        Map.of("blueprint:rko_lio/5b74141e5f124c05bac71ab7819e7212", 13)),
                new WildFile("v0.24.0_rko-lio_rko_lio_resaved-2026-05.rbl", 1, 1, true,
                        Map.of("blueprint:rko_lio/rec_04a3fe3e000d48a38dd77fa5c2bc3ebe", 93)),
                new WildFile("v0.24.1_unit-compose_navigation-astar.rrd", 3, 1, false, Map.of(
                        "recording:unit-compose-navigation/3b787ff10fc24f3a923bdceb687067c7", 55,
                        "blueprint:unit-compose-navigation/unit-compose-navigation-blueprint-v1", 11)),
                new WildFile("v0.27.2_dimos_dimos_main_rerun.rbl", 1, 1, false,
                        Map.of("blueprint:dimos_main_rerun/rec_4381b128d2924fc49c6557f79f6686a3", 23)),
                new WildFile("v0.27.3_rust-daq_daq_default.rbl", 2, 1, false,
                        Map.of("blueprint:rust-daq/rec_3826b23d8a0f4230bab3b9deb7aa3af7", 12)),
                new WildFile("v0.28.1_dimos_dimos.rbl", 1, 1, true,
                        Map.of("blueprint:dimos/rec_a7eae178f04c4e65a40c9f34f77aed45", 18)),
                new WildFile("v0.29.2_rewire-camera_rewire.rbl", 1, 1, true,
                        Map.of("blueprint:rewire/rec_05c2d4df63c0429e96d9be72c326ee35", 485)),
                new WildFile("v0.31.4_octosense_octosense.rbl", 2, 1, true,
                        Map.of("blueprint:octosense/rec_bf517a731cee442fb7f0d023b52b839a", 36)),
                new WildFile("v0.33.1_radar-egui_map.rrd", 2, 0, true, Map.of("recording:radar-map/map", 7)),
                new WildFile("v0.33.1_duckdb-rrd_simple.rrd", 1, 0, true,
                        Map.of("recording:duckdb_rrd_test/test_recording_001", 4)),
                new WildFile("v0.33.1_duckdb-rrd_ts.rrd", 1, 0, true,
                        Map.of("recording:duckdb/rec_205218ed5b9d471e809ff413b24aa81b", 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wildFiles")
    void realWorldFilesDecodeToWhatTheirDumpAndReadmeShow(WildFile wild) throws Exception {
        Path file = Fixtures.rrd(Fixtures.WILD + wild.name());
        RrdDump.Dump dump = RrdDump.ofFixture(Fixtures.WILD + wild.name() + ".dump.txt");
        List<LogMsg> decoded = RrdReader.readAll(file, arrow.allocator());
        try {
            assertMatchesInOrder(decoded, dump.messages());
            assertThat(decoded).filteredOn(m -> m instanceof SetStoreInfo).hasSize(wild.storeInfos());
            assertThat(decoded).filteredOn(m -> m instanceof BlueprintActivationCommand).hasSize(wild.activations());
            assertThat(decoded.stream().map(m -> m.storeId().toString()).distinct())
                    .containsExactlyInAnyOrderElementsOf(wild.chunksByStore().keySet());
            assertThat(decoded.stream().filter(m -> m instanceof ArrowMsg)
                    .collect(Collectors.groupingBy(m -> m.storeId().toString(), Collectors.summingInt(m -> 1))))
                    .isEqualTo(wild.chunksByStore());
            if (wild.footer()) {
                TestRrdFile.assertEveryManifestEntryReadsTheChunkTheStreamHolds(file, decoded, arrow.allocator());
            } else {
                try (RrdFile footerless = RrdFile.open(file, arrow.allocator())) {
                    assertThat(footerless.manifests()).isEmpty();
                }
            }
        } finally {
            decoded.forEach(LogMsg::close);
        }
    }

    @Test
    void aTruncatedRealWorldFileDeliversItsCompleteMessagesThenFailsWhereTheCutMessageStarts() throws Exception {
        String name = Fixtures.WILD + "v0.33.1_duckdb-rrd_truncated.rrd";
        // The dumper shows the five message headers, the last of them cut short (888 bytes declared, 871 there).
        List<RrdDump.Message> headers = RrdDump.ofFixture(name + ".dump.txt").messages();
        RrdDump.Message cut = headers.get(headers.size() - 1);
        Path truncated = Fixtures.rrd(name);
        List<LogMsg> delivered = new ArrayList<>();
        try {
            assertThatThrownBy(() -> RrdReader.read(truncated, arrow.allocator(), DecodeOptions.DEFAULT,
                    delivered::add))
                    .isInstanceOfSatisfying(RrdFormatException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RrdFormatException.Kind.TRUNCATED);
                        assertThat(e.offset()).isEqualTo(cut.offset()).isEqualTo(42_320);
                    });
            assertMatchesInOrder(delivered, headers.subList(0, headers.size() - 1));
            assertThat(delivered).hasSize(4).first().isInstanceOf(SetStoreInfo.class);
            assertThat(delivered).allSatisfy(m -> assertThat(m.storeId().toString())
                    .isEqualTo("recording:duckdb_rrd_test/test_recording_001"));
        } finally {
            delivered.forEach(LogMsg::close);
        }
    }

    /** The decoded messages are, one for one, those the dumper shows (its {@code End} messages aside). */
    static void assertMatchesInOrder(List<LogMsg> decoded, List<RrdDump.Message> dumped) {
        List<RrdDump.Message> expected = dumped.stream().filter(m -> m.kind() != RrdFrame.END).toList();
        assertThat(decoded).hasSameSizeAs(expected);
        for (int i = 0; i < decoded.size(); i++) {
            assertMatches(decoded.get(i), expected.get(i));
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
            // Before 0.25 ArrowMsg had no is_static field: then a chunk is static when it has no timeline.
            assertThat(chunk.isStatic()).as(where).isEqualTo(expected.isStatic() != null ? expected.isStatic()
                    : expected.timelines().isEmpty());
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
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        Fixtures.LEGACY_MSGPACK + ", 0.12.0-alpha.1+dev",
        Fixtures.WILD + "v0.22.1_rnl_output_map.rrd, 0.22.1",
    })
    void msgpackEraFilesAreRejectedAtTheirHeader(String fixture, String writer) {
        // resolved outside the lambda: a missing fixture must skip the test, not count as the expected failure
        Path file = Fixtures.rrd(fixture);
        List<LogMsg> delivered = new ArrayList<>();
        assertThatThrownBy(() -> RrdReader.read(file, arrow.allocator(), DecodeOptions.DEFAULT, delivered::add))
                .isInstanceOfSatisfying(RrdFormatException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RrdFormatException.Kind.MSGPACK_NOT_SUPPORTED);
                    assertThat(e.offset()).isZero();
                    assertThat(e.getMessage()).contains("Rerun " + writer + " ").contains("MsgPack").contains("0.23");
                });
        assertThat(delivered).isEmpty();
    }

    @Test
    void prereleaseV0ProtobufIsRejectedAfterDeliveringWhatCameBefore() {
        Path file = Fixtures.rrd(Fixtures.LEGACY_V0_PROTOBUF);
        List<LogMsg> delivered = new ArrayList<>();
        assertThatThrownBy(() -> RrdReader.read(file, arrow.allocator(), DecodeOptions.DEFAULT, delivered::add))
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
