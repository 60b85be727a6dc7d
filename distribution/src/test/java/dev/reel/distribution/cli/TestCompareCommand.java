package dev.reel.distribution.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.Points3D;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reel rrd compare}: the same data is similar whatever its ids; anything else is a difference. */
class TestCompareCommand {
    @TempDir
    Path temp;

    @Test
    void aFileIsSimilarToItselfAndToARoutedCopy() {
        Path routed = temp.resolve("routed.rrd");
        Cli.run("rrd", "route", "--recording-id", "another", Cli.fixture(Fixtures.FILE1), "-o", routed.toString());

        Cli.Result itself = Cli.run("rrd", "compare", Cli.fixture(Fixtures.FILE1), Cli.fixture(Fixtures.FILE1));
        Cli.Result copy = Cli.run("rrd", "compare", Cli.fixture(Fixtures.FILE1), routed.toString());

        assertThat(itself.exitCode()).as(itself.err()).isZero();
        assertThat(copy.exitCode()).as(copy.err()).isZero();
        assertThat(copy.out()).contains("are similar (16 chunks)");
        assertThat(copy.err()).isEmpty();
        assertThat(Cli.run("rrd", "compare", "--json", Cli.fixture(Fixtures.FILE1), routed.toString()).out())
                .isEqualTo("{\"similar\":true,\"chunks\":16}" + System.lineSeparator());
    }

    @Test
    void aModifiedCopyDiffersWithTheFirstDifferenceShown() {
        Path filtered = temp.resolve("filtered.rrd");
        Cli.run("rrd", "filter", "--drop-timeline", "time_3", Cli.fixture(Fixtures.FILE1), "-o", filtered.toString());

        Cli.Result result = Cli.run("rrd", "compare", Cli.fixture(Fixtures.FILE1), filtered.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("differ at chunk 2 of 16 (/obj3): timelines differ: "
                + "[log_tick, log_time, time_2, time_3] vs [log_tick, log_time, time_2]")
                .contains("--- " + Cli.fixture(Fixtures.FILE1) + " chunk_188037025116ECD9076c378bdbaaef07")
                .contains("- log_tick | log_time | time_2 | time_3 | Points3D:positions")
                .contains("+ log_tick | log_time | time_2 | Points3D:positions");
        Cli.Result json = Cli.run("rrd", "compare", "--json", Cli.fixture(Fixtures.FILE1), filtered.toString());
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.out()).startsWith("{\"similar\":false,\"difference\":\"").contains("differ at chunk 2 of 16");
    }

    @Test
    void idsAndTinyFloatDifferencesDoNotMatterButValuesDo() throws Exception {
        Path a = log("a.rrd", "first", i -> i * 0.1);
        Path b = log("b.rrd", "second", i -> i * 0.1 * (1 + 1e-12));
        Path c = log("c.rrd", "third", i -> i == 7 ? 99 : i * 0.1);

        assertThat(Cli.run("rrd", "compare", a.toString(), b.toString()).exitCode()).isZero();
        Cli.Result different = Cli.run("rrd", "compare", a.toString(), c.toString());
        assertThat(different.exitCode()).isEqualTo(1);
        assertThat(different.err()).contains("component 'Scalars:scalars' differs at row 7: [0.7000000000000001] "
                + "vs [99.0]");
    }

    @Test
    void unorderedMatchesChunksInAnyOrder() throws Exception {
        Path ab = temp.resolve("ab.rrd");
        Path ba = temp.resolve("ba.rrd");
        try (RecordingStream rec = RecordingStream.builder("order").batching(BatcherConfig.NONE).logTime(false)
                .saveTo(ab)) {
            rec.log("a", Points3D.of(1, 2, 3));
            rec.log("b", Points3D.of(4, 5, 6));
        }
        try (RecordingStream rec = RecordingStream.builder("order").batching(BatcherConfig.NONE).logTime(false)
                .saveTo(ba)) {
            rec.log("b", Points3D.of(4, 5, 6));
            rec.log("a", Points3D.of(1, 2, 3));
        }

        assertThat(Cli.run("rrd", "compare", ab.toString(), ba.toString()).exitCode()).isEqualTo(1);
        assertThat(Cli.run("rrd", "compare", "--unordered", ab.toString(), ba.toString()).exitCode()).isZero();
    }

    @Test
    void needsOneRecordingOfTheSameApplication() throws Exception {
        Path two = temp.resolve("two.rrd");
        Files.write(two, concat(Fixtures.bytes(Fixtures.FILE1), Fixtures.bytes(Fixtures.FILE2)));

        Cli.Result several = Cli.run("rrd", "compare", two.toString(), Cli.fixture(Fixtures.FILE1));
        Cli.Result apps = Cli.run("rrd", "compare", Cli.fixture(Fixtures.FILE1), Cli.fixture(Fixtures.FILE2));

        assertThat(several.exitCode()).isEqualTo(1);
        assertThat(several.err()).contains("more than one data recording found in rrd file");
        assertThat(apps.exitCode()).isEqualTo(1);
        assertThat(apps.err()).contains("Application IDs do not match: 'file1' vs. 'file2'");
    }

    private Path log(String name, String recordingId, IntToDoubleFunction value) throws Exception {
        Path file = temp.resolve(name);
        try (RecordingStream rec = RecordingStream.builder("compare").recordingId(recordingId)
                .batching(new BatcherConfig(100, Long.MAX_VALUE, Duration.ZERO)).saveTo(file)) {
            for (int i = 0; i < 10; i++) {
                rec.setTime("step", i);
                rec.log("signal", Scalars.of(value.applyAsDouble(i)));
            }
        }
        return file;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
