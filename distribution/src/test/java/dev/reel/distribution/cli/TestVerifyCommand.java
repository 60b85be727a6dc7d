package dev.reel.distribution.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.log.ComponentDescriptor;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.ComponentBatch;
import dev.reel.rrd.sdk.Points3D;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reel rrd verify}: everything decodes and every footer is sound. */
class TestVerifyCommand {
    @TempDir
    Path temp;

    @Test
    void rerunsFilesVerify() {
        Cli.Result result = Cli.run("rrd", "verify", Cli.fixture(Fixtures.FILE1), Cli.fixture(Fixtures.FILE2),
                Cli.fixture(Fixtures.BLUEPRINT_RRB), Cli.fixture(Fixtures.BOXES_0_30),
                Cli.fixture(Fixtures.BLUEPRINT_0_30), Cli.fixture(Fixtures.TEXT_LOG_0_31));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("6 files verified without error." + System.lineSeparator());
        assertThat(result.err()).isEmpty();
    }

    @Test
    void aMissingFooterIsAnErrorOnlyWhenRequired() {
        String blueprint = Cli.fixture(Fixtures.BLUEPRINT_RRB);

        assertThat(Cli.run("rrd", "verify", blueprint).out()).startsWith("1 file verified without error.");
        Cli.Result required = Cli.run("rrd", "verify", "--require-footers", blueprint);
        assertThat(required.exitCode()).isEqualTo(1);
        assertThat(required.err()).contains("reel: " + blueprint + ": Missing RRD footer / no RRD manifests")
                .contains("reel: verification failed with 1 error");
    }

    @Test
    void aCorruptFooterFails() throws Exception {
        byte[] bytes = Fixtures.bytes(Fixtures.FILE1);
        bytes[25_000] ^= 1;
        Path corrupt = temp.resolve("corrupt.rrd");
        Files.write(corrupt, bytes);

        Cli.Result result = Cli.run("rrd", "verify", corrupt.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains(corrupt + ": at byte 41427: footer checksum mismatch");
    }

    @Test
    void aMsgPackFileFails() {
        Cli.Result result = Cli.run("rrd", "verify", Cli.fixture(Fixtures.LEGACY_MSGPACK));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .contains(Cli.fixture(Fixtures.LEGACY_MSGPACK) + ": at byte 0: stream was written by Rerun 0.12");
    }

    @Test
    void reelsOwnFooterlessStreamsVerifyButIndicatorColumnsDoNot() throws Exception {
        Path plain = temp.resolve("plain.rrd");
        Path indicator = temp.resolve("indicator.rrd");
        try (RecordingStream rec = RecordingStream.builder("verify").batching(BatcherConfig.NONE).saveTo(plain)) {
            rec.log("points", Points3D.of(1, 2, 3));
        }
        ComponentDescriptor indicatorColumn = new ComponentDescriptor("rerun.components.Points3DIndicator",
                Optional.of("rerun.archetypes.Points3D"), Optional.of("rerun.components.Points3DIndicator"));
        try (RecordingStream rec = RecordingStream.builder("verify").batching(BatcherConfig.NONE)
                .saveTo(indicator)) {
            rec.log("points", List.of(ComponentBatch.uint8(indicatorColumn, (byte) 0)));
        }

        assertThat(Cli.run("rrd", "verify", plain.toString()).exitCode()).isZero();
        Cli.Result result = Cli.run("rrd", "verify", indicator.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("/points:rerun.components.Points3DIndicator")
                .contains("Indicators are deprecated");
    }

    @Test
    void errorsComeInInputOrderAndAsJson() throws Exception {
        byte[] bytes = Fixtures.bytes(Fixtures.FILE1);
        bytes[25_000] ^= 1;
        Path corrupt = temp.resolve("corrupt.rrd");
        Files.write(corrupt, bytes);
        String blueprint = Cli.fixture(Fixtures.BLUEPRINT_RRB);

        Cli.Result text = Cli.run("rrd", "verify", "--require-footers", corrupt.toString(), blueprint);
        Cli.Result json = Cli.run("rrd", "verify", "--json", "--require-footers", corrupt.toString(), blueprint);

        assertThat(text.out()).isEmpty();
        assertThat(text.err().lines().toList()).containsExactly(
                "reel: " + corrupt + ": at byte 41427: footer checksum mismatch: trailer says a6650f68, payload "
                        + "hashes to 0ce0e1d9",
                "reel: " + corrupt + ": Missing RRD footer / no RRD manifests",
                "reel: " + blueprint + ": Missing RRD footer / no RRD manifests",
                "reel: verification failed with 3 errors");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.out()).startsWith("{\"files\":2,\"ok\":false,\"errors\":[\"" + corrupt + ": at byte 41427")
                .contains("\"" + blueprint + ": Missing RRD footer").doesNotContain("reel: ");
        assertThat(Cli.run("rrd", "verify", "--json", blueprint).out())
                .isEqualTo("{\"files\":1,\"ok\":true,\"errors\":[]}" + System.lineSeparator());
    }

    @Test
    void readsStandardInput() {
        Cli.Result result = Cli.run(Fixtures.bytes(Fixtures.FILE1), "rrd", "verify", "--require-footers");

        assertThat(result.exitCode()).as(result.err()).isZero();
    }

}
