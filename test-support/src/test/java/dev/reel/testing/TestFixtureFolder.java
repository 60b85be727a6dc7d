package dev.reel.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** A missing fixtures folder skips a test with one printed line, or fails it under CI; a present one is used. */
class TestFixtureFolder {
    @TempDir
    Path temp;

    private final List<String> printed = new ArrayList<>();

    @Test
    void aMissingFolderSkipsWithOneLineSayingHowToProvideIt() {
        Path missing = temp.resolve("no-such/fixtures");
        FixtureFolder folder = new FixtureFolder(missing, false, printed::add);

        String expected = "Rerun fixtures not found at " + missing
                + " (set -Dreel.fixtures.dir or REEL_FIXTURES); skipping";
        assertThatThrownBy(() -> folder.file("rerun-rrd/a.rrd"))
                .isInstanceOf(TestAbortedException.class).hasMessage(expected);
        assertThatThrownBy(() -> folder.file("rerun-rrd/b.rrd"))
                .isInstanceOf(TestAbortedException.class).hasMessage(expected);
        assertThatThrownBy(() -> folder.tool("rrd_dump.py"))
                .isInstanceOf(TestAbortedException.class).hasMessage(expected);
        assertThat(printed).containsExactly(expected);
    }

    @Test
    void underCiAMissingFolderFailsWithTheSameText() {
        Path missing = temp.resolve("no-such/fixtures");
        FixtureFolder folder = new FixtureFolder(missing, true, printed::add);

        assertThatThrownBy(() -> folder.file("rerun-rrd/a.rrd"))
                .isExactlyInstanceOf(AssertionError.class)
                .hasMessage("Rerun fixtures not found at " + missing + " (set -Dreel.fixtures.dir or REEL_FIXTURES)"
                        + "; CI=true, so this is a failure, not a skip");
        assertThat(printed).isEmpty();
    }

    @Test
    void aMissingFileInAPresentFolderNamesTheFile() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("fixtures"));
        FixtureFolder folder = new FixtureFolder(dir, false, printed::add);

        assertThatThrownBy(() -> folder.file("rerun-rrd/gone.rrd"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("Rerun fixture " + dir.resolve("rerun-rrd/gone.rrd") + " not found")
                .hasMessageEndingWith("; skipping");
        assertThatThrownBy(() -> new FixtureFolder(dir, true, printed::add).file("rerun-rrd/gone.rrd"))
                .isExactlyInstanceOf(AssertionError.class)
                .hasMessageContaining("Rerun fixture " + dir.resolve("rerun-rrd/gone.rrd") + " not found");
    }

    @Test
    void presentFilesAndToolsAreFoundBesideEachOther() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("shared/fixtures"));
        Path rrd = Files.createDirectories(dir.resolve("rerun-rrd")).resolve("a.rrd");
        Files.write(rrd, new byte[] {1});
        Path tool = Files.createDirectories(temp.resolve("shared/tools")).resolve("rrd_dump.py");
        Files.write(tool, new byte[] {1});
        FixtureFolder folder = new FixtureFolder(dir, true, printed::add);

        assertThat(folder.file("rerun-rrd/a.rrd")).isEqualTo(rrd);
        assertThat(folder.tool("rrd_dump.py")).isEqualTo(tool);
        assertThat(printed).isEmpty();
    }
}
