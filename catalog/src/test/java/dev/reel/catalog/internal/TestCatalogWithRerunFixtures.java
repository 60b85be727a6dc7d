package dev.reel.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.EntryName;
import dev.reel.api.LayerName;
import dev.reel.api.SegmentId;
import dev.reel.api.StoreKind;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.LogMsg;
import dev.reel.catalog.Catalog;
import dev.reel.catalog.CatalogConfig;
import dev.reel.catalog.ChunkQuery;
import dev.reel.catalog.DataSource;
import dev.reel.catalog.Entry;
import dev.reel.catalog.OnDuplicate;
import dev.reel.catalog.Registration;
import dev.reel.catalog.local.Catalogs;
import dev.reel.rrd.RrdCodec;
import dev.reel.rrd.RrdReader;
import dev.reel.testing.Fixtures;
import dev.reel.testing.LeakCheckingAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Rerun files (the fixtures: Rerun's own e2e dataset files with footers, files from the 0.30/0.31 SDKs,
 * a 0.24 Rust-SDK recording with a blueprint in the same file) registered where they lie: each recording id is
 * a segment (A.3), a segment's chunks come back from byte-range reads equal to the chunks of the file, legacy
 * files are failed rows (A.7), and a Rerun-saved blueprint becomes the dataset's layout in downloads (A.4).
 */
class TestCatalogWithRerunFixtures {
    private static final List<String> RECORDINGS = List.of(Fixtures.FILE1, Fixtures.FILE2, Fixtures.TEXT_LOG_0_31,
            Fixtures.BOXES_0_30, Fixtures.WILD + "v0.24.1_unit-compose_navigation-astar.rrd");

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path data;

    private Catalog catalog;
    private Entry dataset;

    @BeforeEach
    void open() {
        // the fixtures' folder itself is the allowed root: registration never writes to it
        Path fixtures = Fixtures.rrd(Fixtures.FILE1).getParent().getParent();
        catalog = Catalogs.open(CatalogConfig.embedded(data).withAllowedRoots(List.of(fixtures)), arrow.allocator());
        dataset = catalog.createDataset(EntryName.of("rerun fixtures"));
    }

    @AfterEach
    void close() {
        if (catalog != null) { // null when the fixtures are absent and the test was skipped
            catalog.close();
        }
    }

    @Test
    void eachRecordingOfARerunFileIsASegmentWhoseChunksComeBackByteForByte() throws Exception {
        for (String name : RECORDINGS) {
            Path file = Fixtures.rrd(name);
            Map<String, List<ArrowMsg>> byRecording = recordingChunks(file);
            List<Registration> rows = catalog.register(dataset.id(), List.of(DataSource.file(file.toString())),
                    OnDuplicate.ERROR, null);
            assertThat(rows).as(name).extracting(r -> r.segment().orElseThrow().value())
                    .containsExactlyElementsOf(byRecording.keySet());
            try {
                for (Map.Entry<String, List<ArrowMsg>> recording : byRecording.entrySet()) {
                    List<ArrowMsg> fetched = fetchSegment(recording.getKey());
                    try {
                        List<ArrowMsg> original = recording.getValue();
                        assertThat(fetched).as("%s, segment %s", name, recording.getKey()).hasSameSizeAs(original);
                        for (int i = 0; i < original.size(); i++) {
                            assertThat(fetched.get(i).chunk().contentEquals(original.get(i).chunk()))
                                    .as("%s chunk %s", name, original.get(i).chunk().id()).isTrue();
                        }
                    } finally {
                        fetched.forEach(LogMsg::close);
                    }
                }
            } finally {
                byRecording.values().forEach(chunks -> chunks.forEach(LogMsg::close));
            }
        }
        try (VectorSchemaRoot table = catalog.segmentTable(dataset.id(), arrow.allocator())) {
            // file1, file2, the text log, the boxes and the navigation recording
            assertThat(table.getRowCount()).isEqualTo(5);
            assertThat(table.getSchema().findField("log_time:start")).isNotNull();
        }
    }

    @Test
    void filesOfRerunsLegacyFormatsAreFailedRows() {
        List<Registration> rows = catalog.register(dataset.id(), List.of(
                DataSource.file(Fixtures.rrd(Fixtures.LEGACY_MSGPACK).toString()),
                DataSource.file(Fixtures.rrd(Fixtures.FILE1).toString())), OnDuplicate.ERROR, null);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).failed()).isTrue();
        assertThat(rows.get(0).error().orElseThrow()).contains("example.rrd");
        assertThat(rows.get(1).failed()).isFalse();
    }

    @Test
    void aBlueprintSavedByTheRerunViewerBecomesTheLayoutOfEverySegment() throws Exception {
        Path file = Fixtures.rrd(Fixtures.FILE1);
        catalog.register(dataset.id(), List.of(DataSource.file(file.toString()),
                DataSource.file(Fixtures.rrd(Fixtures.FILE2).toString()).withLayer(new LayerName("second"))),
                OnDuplicate.ERROR, null);
        Registration blueprint = catalog.registerBlueprint(dataset.id(),
                DataSource.file(Fixtures.rrd(Fixtures.BLUEPRINT_0_30).toString()), true);
        assertThat(blueprint.segment()).isPresent();

        Map<String, List<ArrowMsg>> chunks = recordingChunks(file);
        chunks.values().forEach(list -> list.forEach(LogMsg::close));
        String segment = chunks.keySet().iterator().next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var encoder = new RrdCodec().newEncoder(out);
        catalog.writeSegment(dataset.id(), new SegmentId(segment), encoder);
        encoder.close();
        Path download = Files.write(data.resolve("segment.rrd"), out.toByteArray());
        List<LogMsg> messages = RrdReader.readAll(download, arrow.allocator());
        try {
            // the 4seasons blueprint has 33 chunks; the download carries every one with an activation
            assertThat(messages).filteredOn(m -> m instanceof ArrowMsg a && a.storeId().kind() == StoreKind.BLUEPRINT)
                    .isNotEmpty();
            assertThat(messages).filteredOn(m -> m instanceof BlueprintActivationCommand).hasSize(1);
            assertThat(messages).filteredOn(m -> m instanceof ArrowMsg a && a.storeId().kind() == StoreKind.RECORDING)
                    .isNotEmpty().allSatisfy(m -> assertThat(m.storeId().recordingId().value()).isEqualTo(segment));
        } finally {
            messages.forEach(LogMsg::close);
        }
    }

    /** The recording stores' chunks of a file, by recording id in order of appearance. */
    private Map<String, List<ArrowMsg>> recordingChunks(Path file) throws Exception {
        Map<String, List<ArrowMsg>> chunks = new LinkedHashMap<>();
        for (LogMsg message : RrdReader.readAll(file, arrow.allocator())) {
            if (message instanceof ArrowMsg arrowMsg && message.storeId().kind() == StoreKind.RECORDING) {
                chunks.computeIfAbsent(message.storeId().recordingId().value(), k -> new ArrayList<>()).add(arrowMsg);
            } else {
                message.close();
            }
        }
        return chunks;
    }

    private List<ArrowMsg> fetchSegment(String segment) {
        List<byte[]> keys = new ArrayList<>();
        try (VectorSchemaRoot chunks = catalog.query(dataset.id(),
                ChunkQuery.everything().withSegments(Set.of(new SegmentId(segment))), arrow.allocator())) {
            VarBinaryVector column = (VarBinaryVector) chunks.getVector("chunk_key");
            for (int i = 0; i < chunks.getRowCount(); i++) {
                keys.add(column.get(i));
            }
        }
        List<ArrowMsg> fetched = new ArrayList<>();
        catalog.fetch(dataset.id(), keys, arrow.allocator(), message -> fetched.add((ArrowMsg) message));
        return fetched;
    }
}
