package dev.reel.distribution.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.StoreId;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.LogMsg;
import dev.reel.testing.Fixtures;
import dev.reel.testing.LeakCheckingAllocator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code reel rrd route}: new store ids, the same chunks. */
class TestRouteCommand {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path temp;

    @Test
    void rewritesEveryStoreIdAndKeepsTheChunks() throws Exception {
        Path output = temp.resolve("routed.rrd");

        Cli.Result result = Cli.run("rrd", "route", "--application-id", "fleet", "--recording-id", "run-7",
                Cli.fixture(Fixtures.FILE1), "-o", output.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<LogMsg> original = Cli.read(Fixtures.rrd(Fixtures.FILE1), arrow.allocator());
        List<LogMsg> routed = Cli.read(output, arrow.allocator());
        try {
            assertThat(routed).hasSameSizeAs(original);
            assertThat(routed).extracting(LogMsg::storeId).containsOnly(StoreId.recording("fleet", "run-7"));
            List<Chunk> before = Cli.chunks(original);
            List<Chunk> after = Cli.chunks(routed);
            for (int i = 0; i < before.size(); i++) {
                assertThat(after.get(i).contentEquals(before.get(i))).as("chunk %d", i).isTrue();
            }
        } finally {
            Cli.close(original);
            Cli.close(routed);
        }
    }

    @Test
    void dropsActivationCommandsOnlyWhenMergingSeveralInputsIntoOneRecording() throws Exception {
        Path alone = temp.resolve("alone.rrd");
        Path merged = temp.resolve("merged.rrd");

        Cli.run("rrd", "route", "--recording-id", "shared", Cli.fixture(Fixtures.BLUEPRINT_0_30), "-o",
                alone.toString());
        Cli.run("rrd", "route", "--recording-id", "shared", Cli.fixture(Fixtures.FILE1),
                Cli.fixture(Fixtures.BLUEPRINT_0_30), "-o", merged.toString());

        List<LogMsg> single = Cli.read(alone, arrow.allocator());
        List<LogMsg> both = Cli.read(merged, arrow.allocator());
        try {
            List<LogMsg> activations = single.stream().filter(m -> m instanceof BlueprintActivationCommand).toList();
            assertThat(activations).hasSize(1);
            assertThat(activations.get(0).storeId()).isEqualTo(StoreId.blueprint("4seasons_visualization", "shared"));
            assertThat(both).noneMatch(m -> m instanceof BlueprintActivationCommand);
            assertThat(both).extracting(m -> m.storeId().recordingId().value()).containsOnly("shared");
            assertThat(Cli.chunks(both)).hasSize(16 + 33);
        } finally {
            Cli.close(single);
            Cli.close(both);
        }
    }

    @Test
    void streamsFromStandardInputToStandardOutput() throws Exception {
        Cli.Result result = Cli.run(Fixtures.bytes(Fixtures.FILE1), "rrd", "route", "--recording-id", "piped");

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<LogMsg> routed = Cli.read(result.binaryOut(), arrow.allocator());
        try {
            assertThat(Cli.chunks(routed)).hasSize(16);
            assertThat(routed).extracting(LogMsg::storeId).containsOnly(StoreId.recording("file1", "piped"));
        } finally {
            Cli.close(routed);
        }
    }

    @Test
    void refusesToOverwriteAnInput() {
        Cli.Result result = Cli.run("rrd", "route", Cli.fixture(Fixtures.FILE1), "-o", Cli.fixture(Fixtures.FILE1));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("is also an input");
    }

}
