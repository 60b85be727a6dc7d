package dev.reel.distribution.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.Blueprint;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextDocument;
import dev.reel.testing.Fixtures;
import dev.reel.testing.LeakCheckingAllocator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reel rrd merge} and {@code optimize} pool files by store id with the viewer store's rules
 * (rerun-data-platform.md §E): two processes that logged the same recording become one store.
 */
class TestMergeCommand {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path temp;

    /** A file as one process of a distributed recording writes it: same application and recording id. */
    private Path part(String name, int firstFrame, boolean withBlueprint) throws Exception {
        Path file = temp.resolve(name);
        try (RecordingStream rec = RecordingStream.builder("distributed").recordingId("shared").logTime(false)
                .batching(BatcherConfig.NONE).saveTo(file)) {
            rec.logStatic("about", TextDocument.of(name));
            for (int frame = firstFrame; frame < firstFrame + 10; frame++) {
                rec.setTime("frame", frame);
                rec.log("value", Scalars.of(frame));
            }
            if (withBlueprint) {
                rec.sendBlueprint(Blueprint.empty().withTimePanel(Blueprint.PanelState.COLLAPSED), true, true);
            }
        }
        return file;
    }

    @Test
    void mergePoolsTheSameRecordingFromTwoFilesBlueprintsFirst() throws Exception {
        Path a = part("a.rrd", 0, true);
        Path b = part("b.rrd", 10, false);
        Path merged = temp.resolve("merged.rrd");
        Cli.Result result = Cli.run("rrd", "merge", a.toString(), b.toString(), "-o", merged.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();

        List<LogMsg> messages = Cli.read(merged, arrow.allocator());
        try {
            assertThat(messages.get(0).storeId().isBlueprint()).as("blueprints come first").isTrue();
            List<LogMsg> blueprint = messages.stream().filter(m -> m.storeId().isBlueprint()).toList();
            assertThat(blueprint.get(0)).isInstanceOf(SetStoreInfo.class);
            assertThat(blueprint.get(blueprint.size() - 1)).isInstanceOf(BlueprintActivationCommand.class);
            List<LogMsg> recording = messages.stream().filter(m -> !m.storeId().isBlueprint()).toList();
            assertThat(recording.get(0)).isInstanceOf(SetStoreInfo.class);
            assertThat(recording.stream().filter(m -> m instanceof SetStoreInfo)).hasSize(1);
            List<Chunk> chunks = recording.stream().filter(m -> m instanceof ArrowMsg)
                    .map(m -> ((ArrowMsg) m).chunk()).toList();
            assertThat(chunks.stream().filter(Chunk::isStatic)).as("b's static text shadows a's").hasSize(1);
            assertThat(chunks.stream().filter(c -> !c.isStatic()).mapToInt(Chunk::numRows).sum()).isEqualTo(20);
            assertThat(chunks.get(0).isStatic()).as("static data before temporal data, as the export path writes")
                    .isTrue();
            for (int i = 2; i < chunks.size(); i++) {
                assertThat(chunks.get(i).rowId(0)).as("temporal chunks by smallest row id")
                        .isGreaterThan(chunks.get(i - 1).rowId(0));
            }
        } finally {
            Cli.close(messages);
        }
    }

    @Test
    void optimizeCompactsSmallChunksIntoFewerChunksWithTheSameRows() throws Exception {
        Path a = part("a.rrd", 0, false);
        Path b = part("b.rrd", 10, false);
        Path optimized = temp.resolve("optimized.rrd");
        Cli.Result result = Cli.run("rrd", "optimize", a.toString(), b.toString(), "-o", optimized.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<LogMsg> messages = Cli.read(optimized, arrow.allocator());
        try {
            List<Chunk> temporal = Cli.chunks(messages).stream().filter(c -> !c.isStatic()).toList();
            assertThat(temporal).hasSize(1);
            assertThat(temporal.get(0).numRows()).isEqualTo(20);
        } finally {
            Cli.close(messages);
        }
    }

    @Test
    void optimizeRespectsTheThresholdFlags() throws Exception {
        Path a = part("a.rrd", 0, false);
        Path optimized = temp.resolve("optimized.rrd");
        Cli.Result result = Cli.run("rrd", "optimize", "--max-rows", "4", "--profile", "live", a.toString(), "-o",
                optimized.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<LogMsg> messages = Cli.read(optimized, arrow.allocator());
        try {
            List<Chunk> temporal = Cli.chunks(messages).stream().filter(c -> !c.isStatic()).toList();
            assertThat(temporal).allMatch(c -> c.numRows() <= 4);
            assertThat(temporal.stream().mapToInt(Chunk::numRows).sum()).isEqualTo(10);
        } finally {
            Cli.close(messages);
        }
        assertThat(Cli.run("rrd", "optimize", "--max-size", "lots", a.toString(), "-o", optimized.toString())
                .exitCode()).isEqualTo(2);
    }

    @Test
    void mergeOfTheRealFixturesKeepsEveryChunk() throws Exception {
        Path merged = temp.resolve("fixtures.rrd");
        Cli.Result result = Cli.run("rrd", "merge", Fixtures.rrd(Fixtures.FILE1).toString(),
                Fixtures.rrd(Fixtures.FILE2).toString(), "-o", merged.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<LogMsg> messages = Cli.read(merged, arrow.allocator());
        try {
            // file1 and file2 are different recordings: nothing is shadowed, every chunk is kept
            assertThat(Cli.chunks(messages)).hasSize(16 + 22);
        } finally {
            Cli.close(messages);
        }
    }
}
