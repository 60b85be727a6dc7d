package dev.reel.distribution.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.StoreId;
import dev.reel.api.Tuid;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.TimeColumn;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.Blueprint;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextDocument;
import dev.reel.testing.LeakCheckingAllocator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reel rrd split} on a recording logged with Reel's SDK: frames 0 to 99 of {@code /plot}, every tenth
 * frame (3, 13, …) of {@code /sparse}, a static {@code /config}, and a blueprint.
 */
class TestSplitCommand {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path temp;

    private Path input;
    private StoreId blueprint;
    /** Row id → frame of every temporal row of the input. */
    private final Map<Tuid, Long> inputRows = new HashMap<>();

    @BeforeEach
    void record() throws Exception {
        input = temp.resolve("session.rrd");
        try (RecordingStream rec = RecordingStream.builder("splitting").recordingId("rec").logTime(false)
                .batching(new BatcherConfig(16, Long.MAX_VALUE, Duration.ZERO)).saveTo(input)) {
            rec.logStatic("config", TextDocument.of("calibration 42"));
            for (int frame = 0; frame < 100; frame++) {
                rec.setTime("frame", frame);
                rec.setDuration("sim", Duration.ofMillis(frame * 10L));
                rec.log("plot", Scalars.of(frame));
                if (frame % 10 == 3) {
                    rec.log("sparse", Scalars.of(-frame));
                }
            }
            blueprint = rec.sendBlueprint(Blueprint.empty().withTimePanel(Blueprint.PanelState.COLLAPSED), true, true);
        }
        List<LogMsg> messages = Cli.read(input, arrow.allocator());
        try {
            for (Chunk chunk : Cli.chunks(messages)) {
                chunk.timeColumn("frame").ifPresent(frames -> {
                    for (int row = 0; row < chunk.numRows(); row++) {
                        inputRows.put(chunk.rowId(row), frames.get(row));
                    }
                });
            }
        } finally {
            Cli.close(messages);
        }
        assertThat(inputRows).hasSize(100 + 10);
    }

    @Test
    void splitsIntoEqualWindowsWithBootstrapAndStaticData() throws Exception {
        Path out = temp.resolve("parts");

        Cli.Result result = Cli.run("rrd", "split", input.toString(), "-o", out.toString(), "--timeline", "frame",
                "-n", "4");

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> names = List.of("session_0__25.rrd", "session_25__50.rrd", "session_50__75.rrd",
                "session_75__100.rrd");
        assertThat(result.lines())
                .containsExactlyElementsOf(names.stream().map(n -> out.resolve(n).toString()).toList());
        Set<Tuid> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            long start = 25L * i;
            List<LogMsg> split = Cli.read(out.resolve(names.get(i)), arrow.allocator());
            try {
                StoreId recording = StoreId.recording("splitting", "rec-" + i);
                assertThat(split.get(0)).isInstanceOf(SetStoreInfo.class);
                assertThat(split.get(0).storeId()).isEqualTo(recording);
                List<Long> windowFrames = new ArrayList<>();
                Map<String, List<Long>> bootstrapFrames = new HashMap<>();
                int staticRows = 0;
                for (LogMsg message : split) {
                    if (!(message instanceof ArrowMsg arrowMsg) || message.storeId().isBlueprint()) {
                        continue;
                    }
                    assertThat(message.storeId()).isEqualTo(recording);
                    Chunk chunk = arrowMsg.chunk();
                    if (chunk.isStatic()) {
                        assertThat(chunk.entityPath().toString()).isEqualTo("/config");
                        assertThat(inputRows).doesNotContainKey(chunk.rowId(0));
                        staticRows += chunk.numRows();
                        continue;
                    }
                    TimeColumn frames = chunk.timeColumn("frame").orElseThrow();
                    assertThat(chunk.timeColumn("sim")).isPresent();
                    for (int row = 0; row < chunk.numRows(); row++) {
                        Tuid rowId = chunk.rowId(row);
                        if (inputRows.containsKey(rowId)) {
                            assertThat(frames.get(row)).isBetween(start, start + 24);
                            assertThat(seen.add(rowId)).as("row %s in one window only", rowId).isTrue();
                            windowFrames.add(frames.get(row));
                        } else {
                            assertThat(frames.get(row)).isLessThan(start);
                            bootstrapFrames.computeIfAbsent(chunk.entityPath().toString(), e -> new ArrayList<>())
                                    .add(frames.get(row));
                        }
                    }
                }
                assertThat(staticRows).isEqualTo(1);
                assertThat(windowFrames).hasSize(25 + (int) sparseFrames(start, start + 25).count());
                if (i == 0) {
                    assertThat(bootstrapFrames).isEmpty();
                } else {
                    // /plot has a value at the window's start, so only /sparse needs its latest value copied in
                    assertThat(bootstrapFrames).containsOnlyKeys("/sparse")
                            .containsEntry("/sparse", List.of(sparseFrames(0, start).max().orElseThrow()));
                }
                assertThat(split).filteredOn(m -> m.storeId().equals(blueprint) && m instanceof ArrowMsg).isNotEmpty();
                assertThat(split.get(split.size() - 1)).isInstanceOf(BlueprintActivationCommand.class);
            } finally {
                Cli.close(split);
            }
        }
        assertThat(seen).isEqualTo(inputRows.keySet());
    }

    /** The frames of {@code [from, to)} that logged {@code /sparse}. */
    private static LongStream sparseFrames(long from, long to) {
        return LongStream.range(from, to).filter(f -> f % 10 == 3);
    }

    @Test
    void splitsAtGivenTimesWithAPrefixAndOnlyTheSplitTimeline() throws Exception {
        Path out = temp.resolve("at");

        Cli.Result result = Cli.run("rrd", "split", input.toString(), "-o", out.toString(), "--timeline", "sim",
                "-t", "250ms", "-t", "0.5s", "--recording-id", "part", "--drop-unused-timelines");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.lines()).extracting(line -> Path.of(line).getFileName().toString()).containsExactly(
                "session_0ns__250ms.rrd", "session_250ms__500ms.rrd", "session_500ms__990_000001ms.rrd");
        List<LogMsg> last = Cli.read(Path.of(result.lines().get(2)), arrow.allocator());
        try {
            assertThat(last.get(0).storeId()).isEqualTo(StoreId.recording("splitting", "part2"));
            for (Chunk chunk : Cli.chunks(last)) {
                if (!chunk.isStatic() && !chunk.entityPath().toString().startsWith("/viewport")
                        && !chunk.timeColumn("blueprint").isPresent()) {
                    assertThat(chunk.timeColumns()).extracting(t -> t.timeline().name()).containsExactly("sim");
                }
            }
        } finally {
            Cli.close(last);
        }
    }

    @Test
    void badArgumentsAreUsageErrors() {
        String file = input.toString();
        String out = temp.resolve("x").toString();

        assertThat(Cli.run("rrd", "split", file, "-o", out, "--timeline", "frame").exitCode()).isEqualTo(2);
        assertThat(Cli.run("rrd", "split", file, "-o", out, "--timeline", "frame", "-n", "1").exitCode()).isEqualTo(2);
        Cli.Result unknown = Cli.run("rrd", "split", file, "-o", out, "--timeline", "nope", "-n", "2");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("available timelines are blueprint, frame, sim");
        assertThat(Cli.run("rrd", "split", file, "-o", out, "--timeline", "frame", "-t", "500").exitCode())
                .isEqualTo(2);
    }
}
