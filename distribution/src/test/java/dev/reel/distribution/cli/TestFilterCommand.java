package dev.reel.distribution.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.log.Chunk;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.testing.Fixtures;
import dev.reel.testing.LeakCheckingAllocator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code reel rrd filter}: drops what it is told to, keeps the rest as it was. */
class TestFilterCommand {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path temp;

    @Test
    void dropsExactlyTheNamedEntities() throws Exception {
        Path output = temp.resolve("filtered.rrd");

        Cli.Result result = Cli.run("rrd", "filter", "--drop-entity", "obj1", "--drop-entity", "/text2/",
                "--drop-entity", "/", Cli.fixture(Fixtures.FILE1), "-o", output.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<LogMsg> original = Cli.read(Fixtures.rrd(Fixtures.FILE1), arrow.allocator());
        List<LogMsg> filtered = Cli.read(output, arrow.allocator());
        try {
            assertThat(filtered.get(0)).isEqualTo(original.get(0));
            List<Chunk> kept = Cli.chunks(filtered);
            assertThat(kept).hasSize(16 - 5 - 1);
            assertThat(kept).extracting(c -> c.entityPath().toString()).doesNotContain("/obj1", "/text2")
                    .contains("/obj2", "/obj3", "/text1");
            List<Chunk> before = Cli.chunks(original).stream()
                    .filter(c -> kept.stream().anyMatch(k -> k.id().equals(c.id()))).toList();
            for (int i = 0; i < kept.size(); i++) {
                assertThat(kept.get(i).contentEquals(before.get(i))).isTrue();
            }
        } finally {
            Cli.close(original);
            Cli.close(filtered);
        }
    }

    @Test
    void aChunkThatLosesItsLastTimelineBecomesStatic() throws Exception {
        Path partly = temp.resolve("partly.rrd");
        Path all = temp.resolve("all.rrd");

        Cli.run("rrd", "filter", "--drop-timeline", "log_time", "--drop-timeline", "time_3",
                Cli.fixture(Fixtures.FILE1), "-o", partly.toString());
        Cli.run("rrd", "filter", "--drop-timeline", "log_tick", "--drop-timeline", "log_time", "--drop-timeline",
                "time_1", "--drop-timeline", "time_2", "--drop-timeline", "time_3", Cli.fixture(Fixtures.FILE1), "-o",
                all.toString());

        List<LogMsg> original = Cli.read(Fixtures.rrd(Fixtures.FILE1), arrow.allocator());
        List<LogMsg> some = Cli.read(partly, arrow.allocator());
        List<LogMsg> none = Cli.read(all, arrow.allocator());
        try {
            List<Chunk> before = Cli.chunks(original);
            List<Chunk> after = Cli.chunks(some);
            assertThat(after).hasSize(16);
            for (int i = 0; i < before.size(); i++) {
                assertThat(after.get(i).id()).isEqualTo(before.get(i).id());
                assertThat(after.get(i).numRows()).isEqualTo(before.get(i).numRows());
                assertThat(after.get(i).timeColumns()).extracting(t -> t.timeline().name())
                        .doesNotContain("log_time", "time_3");
                assertThat(after.get(i).timeColumns()).hasSize((int) before.get(i).timeColumns().stream()
                        .filter(t -> !List.of("log_time", "time_3").contains(t.timeline().name())).count());
            }
            assertThat(Cli.chunks(none)).hasSize(16).allMatch(Chunk::isStatic);
            assertThat(Cli.chunks(none)).extracting(Chunk::numRows)
                    .containsExactlyElementsOf(before.stream().map(Chunk::numRows).toList());
            assertThat(none.get(0)).isInstanceOf(SetStoreInfo.class).isEqualTo(original.get(0));
        } finally {
            Cli.close(original);
            Cli.close(some);
            Cli.close(none);
        }
    }
}
