package dev.reel.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.api.StoreKind;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.LogMsg;
import dev.reel.catalog.internal.CatalogRecords.ChunkRecord;
import dev.reel.catalog.internal.RecordingIndexer.IndexedFile;
import dev.reel.catalog.internal.RecordingIndexer.IndexedRecording;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.RrdReader;
import dev.reel.testing.Fixtures;
import dev.reel.testing.LeakCheckingAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One read of a file gives its segments' chunk index: where each chunk lies, what it covers, the schema. */
class TestRecordingIndexer {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path temp;

    @Test
    void everyRecordingOfTheKindIsASegmentWithItsChunksWhereTheyLie() throws Exception {
        Path file = temp.resolve("two.rrd");
        // two concatenated streams: two recordings, the second with a blueprint
        Files.write(file, concat(Recordings.of("app", "first", 30, false), Recordings.of("app", "second", 10, true)));
        IndexedFile indexed = new RecordingIndexer(arrow.allocator()).index(file, StoreKind.RECORDING);
        assertThat(indexed.recordings()).extracting(r -> r.segment().value()).containsExactly("first", "second");
        assertThat(indexed.file().size()).isEqualTo(Files.size(file));
        assertThat(indexed.file().sha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));

        List<LogMsg> messages = RrdReader.readAll(file, arrow.allocator());
        try {
            List<ArrowMsg> first = messages.stream().filter(m -> m instanceof ArrowMsg
                    && m.storeId().recordingId().value().equals("first")).map(m -> (ArrowMsg) m).toList();
            IndexedRecording recording = indexed.recordings().get(0);
            assertThat(recording.chunks()).hasSameSizeAs(first);
            byte[] bytes = Files.readAllBytes(file);
            for (int i = 0; i < first.size(); i++) {
                ChunkRecord chunk = recording.chunks().get(i);
                assertThat(chunk.id()).isEqualTo(first.get(i).chunk().id());
                assertThat(chunk.numRows()).isEqualTo(first.get(i).chunk().numRows());
                assertThat(chunk.isStatic()).isEqualTo(first.get(i).chunk().isStatic());
                // the 16-byte message header before the payload says its kind and length
                long kind = java.nio.ByteBuffer.wrap(bytes, (int) chunk.byteOffset() - 16, 16)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
                long length = java.nio.ByteBuffer.wrap(bytes, (int) chunk.byteOffset() - 8, 8)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
                assertThat(kind).isEqualTo(2);
                assertThat(length).isEqualTo(chunk.byteSize());
            }
            assertThat(recording.timelines()).anySatisfy(t -> {
                assertThat(t.timeline()).isEqualTo("frame");
                assertThat(t.min()).isZero();
                assertThat(t.max()).isEqualTo(29);
            });
            assertThat(recording.columns()).extracting(c -> c.entityPath() + " " + c.component())
                    .contains("/value Scalars:scalars", "/about TextLog:text");
        } finally {
            messages.forEach(LogMsg::close);
        }
        IndexedFile blueprints = new RecordingIndexer(arrow.allocator()).index(file, StoreKind.BLUEPRINT);
        assertThat(blueprints.recordings()).hasSize(1);
        assertThat(blueprints.recordings().get(0).chunks()).isNotEmpty();
    }

    /** Files with one stream and a complete footer are indexed from it: the same index as a scan. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Fixtures.WILD + "v0.33.1_duckdb-rrd_simple.rrd", Fixtures.WILD + "v0.33.1_radar-egui_map.rrd",
        Fixtures.WILD + "v0.33.1_duckdb-rrd_ts.rrd", Fixtures.FILE1, Fixtures.FILE2})
    void theFooterGivesTheIndexAScanGives(String name) throws Exception {
        Path file = Fixtures.rrd(name);
        RecordingIndexer indexer = new RecordingIndexer(arrow.allocator());
        IndexedFile fromFooter = indexer.index(file, StoreKind.RECORDING, true);
        IndexedFile scanned = indexer.index(file, StoreKind.RECORDING, false);
        assertThat(fromFooter.recordings()).hasSameSizeAs(scanned.recordings());
        for (int i = 0; i < scanned.recordings().size(); i++) {
            assertThat(fromFooter.recordings().get(i).chunks())
                    .containsExactlyInAnyOrderElementsOf(scanned.recordings().get(i).chunks());
            assertThat(fromFooter.recordings().get(i).timelines()).isEqualTo(scanned.recordings().get(i).timelines());
            assertThat(fromFooter.recordings().get(i).columns()).extracting(c -> c.entityPath() + c.component())
                    .containsExactlyInAnyOrderElementsOf(scanned.recordings().get(i).columns().stream()
                            .map(c -> c.entityPath() + c.component()).toList());
        }
    }

    @Test
    void aFileThatIsNotAStreamIsRefusedWithItsReason() throws Exception {
        Path file = Files.writeString(temp.resolve("bad.rrd"), "not an rrd at all");
        assertThatThrownBy(() -> new RecordingIndexer(arrow.allocator()).index(file, StoreKind.RECORDING))
                .isInstanceOf(RrdFormatException.class).hasMessageContaining("RRF2");
    }

    static byte[] concat(byte[]... streams) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] stream : streams) {
            out.writeBytes(stream);
        }
        return out.toByteArray();
    }
}
