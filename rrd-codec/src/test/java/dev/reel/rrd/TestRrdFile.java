package dev.reel.rrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.LogMsg;
import dev.reel.testing.Fixtures;
import dev.reel.testing.LeakCheckingAllocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Random access through footer manifests (rerun-rrd-format.md §6): every chunk is where the manifest says. */
class TestRrdFile {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Fixtures.FILE1, Fixtures.FILE2, Fixtures.BOXES_0_30, Fixtures.BLUEPRINT_0_30,
        Fixtures.TEXT_LOG_0_31})
    void everyManifestEntryReadsTheChunkTheStreamHolds(String fixture) throws Exception {
        List<LogMsg> sequential = RrdReader.readAll(Fixtures.rrd(fixture), arrow.allocator());
        try {
            assertEveryManifestEntryReadsTheChunkTheStreamHolds(Fixtures.rrd(fixture), sequential, arrow.allocator());
        } finally {
            sequential.forEach(LogMsg::close);
        }
    }

    /** The file's one footer manifest lists exactly the chunks of {@code sequential}, each readable where it says. */
    static void assertEveryManifestEntryReadsTheChunkTheStreamHolds(Path path, List<LogMsg> sequential,
            BufferAllocator allocator) throws IOException {
        try (RrdFile file = RrdFile.open(path, allocator)) {
            assertThat(file.manifests()).hasSize(1);
            RrdManifest manifest = file.manifests().get(0);
            List<ArrowMsg> arrows = sequential.stream().filter(m -> m instanceof ArrowMsg).map(m -> (ArrowMsg) m)
                    .toList();
            assertThat(manifest.storeId()).isEqualTo(arrows.get(0).storeId());
            assertThat(manifest.chunks()).hasSameSizeAs(arrows);
            assertThat(manifest.schemaSha256()).hasSize(32);
            assertThat(manifest.sorbetSchema()).isPresent();
            for (RrdManifest.Entry entry : manifest.chunks()) {
                ArrowMsg expected = arrows.stream().filter(a -> a.chunk().id().equals(entry.chunkId())).findFirst()
                        .orElseThrow();
                assertThat(entry.entityPath()).isEqualTo(expected.chunk().entityPath().toString());
                assertThat(entry.isStatic()).isEqualTo(expected.chunk().isStatic());
                entry.numRows().ifPresent(rows -> assertThat(rows).isEqualTo(expected.chunk().numRows()));
                assertThat(entry.timelines()).as("the manifest's time ranges are the chunk's")
                        .hasSize(expected.chunk().timeColumns().size());
                for (RrdManifest.TimeSpan span : entry.timelines()) {
                    var time = expected.chunk().timeColumn(span.timeline().name()).orElseThrow();
                    assertThat(span.timeline()).isEqualTo(time.timeline());
                    assertThat(span.min()).isEqualTo(time.min());
                    assertThat(span.max()).isEqualTo(time.max());
                }
                try (ArrowMsg read = file.readChunk(manifest, entry, allocator)) {
                    assertThat(read.chunk().contentEquals(expected.chunk())).isTrue();
                }
            }
        }
    }

    @Test
    void file1ManifestPointsAtThePayloadsTheDumpShows() throws Exception {
        try (RrdFile file = RrdFile.open(Fixtures.rrd(Fixtures.FILE1), arrow.allocator())) {
            List<RrdManifest.Entry> chunks = file.manifests().get(0).chunks();
            assertThat(chunks.get(0).byteOffset()).isEqualTo(140);
            assertThat(chunks.get(0).byteSize()).isEqualTo(1007);
            assertThat(chunks.get(1).byteOffset()).isEqualTo(1163);
            assertThat(chunks.get(1).byteSize()).isEqualTo(1673);
        }
    }

    @Test
    void filesWithoutFooterHaveNoManifests() throws Exception {
        try (RrdFile file = RrdFile.open(Fixtures.rrd(Fixtures.BLUEPRINT_RRB), arrow.allocator())) {
            assertThat(file.manifests()).isEmpty();
        }
    }

    @Test
    void aCorruptFooterIsAnErrorNotSilence() throws Exception {
        byte[] bytes = Fixtures.bytes(Fixtures.FILE1);
        bytes[25_000] ^= 1;
        Path corrupt = temp.resolve("corrupt.rrd");
        Files.write(corrupt, bytes);
        assertThatThrownBy(() -> RrdFile.open(corrupt, arrow.allocator()))
                .isInstanceOfSatisfying(RrdFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(RrdFormatException.Kind.FOOTER_CHECKSUM));
    }
}
