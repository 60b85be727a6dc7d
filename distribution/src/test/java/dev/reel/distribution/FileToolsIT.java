package dev.reel.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code reel rrd} verb through the assembled {@code bin/reel}, as a user runs it: the launcher gives the
 * file tools a class path of the recording path only (not the server's jars), so each verb must find every class
 * it needs there, with class-data sharing off so that nothing comes from an archive. An extension's codec (the
 * CSV example) reads through the same class path.
 */
class FileToolsIT {
    @TempDir
    Path temp;

    private Path home;
    private Path recording;
    private Map<String, String> environment = Map.of();

    /** A distribution of its own, sharing the built jars, with the CSV extension in its extensions folder. */
    @BeforeEach
    void setUp() throws IOException {
        Path dist = ReelProcess.REEL.getParent().getParent().toAbsolutePath();
        home = temp.resolve("reel");
        Files.createDirectories(home.resolve("bin"));
        Files.copy(dist.resolve("bin/reel"), home.resolve("bin/reel"));
        home.resolve("bin/reel").toFile().setExecutable(true);
        Files.createSymbolicLink(home.resolve("lib"), dist.resolve("lib"));
        Files.createSymbolicLink(home.resolve("bundles"), dist.resolve("bundles"));
        Files.createDirectories(home.resolve("extensions"));
        Files.copy(ReelRuntimeIT.extension("csv-importer"), home.resolve("extensions/csv-importer.jar"));
        recording = temp.resolve("tools_it.rrd");
        Files.write(recording, JournalIT.recording("tools_it", "r1", 50, true));
    }

    @Test
    void everyVerbRunsOnTheFileToolsClassPath() throws Exception {
        String file = recording.toString();
        JsonObject stats = new JsonObject(run(0, "stats", "--json", file));
        assertThat(stats.getLong("num_rows")).as("rows of the one static and 50 temporal log calls")
                .isGreaterThanOrEqualTo(51);
        assertThat(stats.getJsonArray("stores").size()).as("recording and blueprint").isEqualTo(2);
        assertThat(run(0, "print", "-v", file)).contains("application_id: tools_it");
        assertThat(run(0, "print", "--json", file)).contains("\"tools_it\"");
        assertThat(new JsonObject(run(0, "verify", "--json", file)).encode()).contains("\"ok\":true");
        Path routed = temp.resolve("routed.rrd");
        run(0, "route", "--recording-id", "r2", "-o", routed.toString(), file);
        assertThat(run(0, "print", routed.toString())).contains("recording_id: r2");
        run(0, "filter", "--drop-entity", "/value", "-o", temp.resolve("filtered.rrd").toString(), file);
        run(0, "split", "-o", temp.resolve("split").toString(), "--timeline", "frame", "-n", "2", file);
        assertThat(temp.resolve("split")).isNotEmptyDirectory();
        run(0, "compare", file, file);
        run(0, "merge", "-o", temp.resolve("merged.rrd").toString(), file, routed.toString());
        run(0, "optimize", "-o", temp.resolve("optimized.rrd").toString(), file);
        assertThat(new JsonObject(run(0, "stats", "--json", temp.resolve("merged.rrd").toString()))
                .getJsonArray("stores").size()).as("two recordings, each with its blueprint (route rewrote both ids)")
                .isEqualTo(4);
    }

    @Test
    void anExtensionCodecReadsOnTheFileToolsClassPath() throws Exception {
        Path csv = temp.resolve("arm.csv");
        Files.writeString(csv, "time,joint1,joint2\n1,0.5,1.5\n2,0.7,1.9\n");
        JsonObject stats = new JsonObject(run(0, "stats", "--json", csv.toString()));
        assertThat(stats.getLong("num_rows")).isEqualTo(4);
        assertThat(stats.getJsonObject("num_chunks_per_entity").fieldNames()).containsExactlyInAnyOrder("/joint1",
                "/joint2");
    }

    /** The launcher's C1-only flags give way to a compiler choice in REEL_JAVA_OPTS (README, start-up time). */
    @Test
    void theOptimisingCompilerComesBackThroughReelJavaOpts() throws Exception {
        environment = Map.of("REEL_JAVA_OPTS", "-XX:TieredStopAtLevel=4");
        assertThat(new JsonObject(run(0, "stats", "--json", recording.toString())).getLong("num_rows"))
                .isGreaterThanOrEqualTo(51);
    }

    @Test
    void errorsStayOneLineWithTheirExitCode() throws Exception {
        Path notRrd = temp.resolve("notes.txt");
        Files.writeString(notRrd, "# not a recording\n");
        run(1, "verify", notRrd.toString());
        run(2, "stats", temp.resolve("missing.rrd").toString());
    }

    /** Runs {@code bin/reel rrd ARGS}, checks its exit code and returns its standard output. */
    private String run(int exitCode, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/reel").toString(), "rrd"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.environment().put("REEL_CDS", "off");
        builder.environment().putAll(environment);
        Path err = Files.createTempFile(temp, "stderr", ".txt");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("reel rrd %s ends", args[0]).isTrue();
        String errors = Files.readString(err);
        assertThat(process.exitValue()).as("exit code of reel rrd %s; stderr: %s", String.join(" ", args), errors)
                .isEqualTo(exitCode);
        assertThat(errors).as("stderr of reel rrd %s", args[0]).doesNotContain("NoClassDefFoundError",
                "ClassNotFoundException", "ServiceConfigurationError");
        return new String(out, StandardCharsets.UTF_8);
    }
}
