package dev.reel.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.distribution.runtime.RuntimeConfig;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The server's configuration: flags over environment variables over the file over defaults. */
class TestServerConfiguration {
    @TempDir
    Path temp;

    private RuntimeConfig runtime(ServerConfiguration configuration) {
        return configuration.runtimeConfig(temp, Duration.ofSeconds(5));
    }

    @Test
    void flagsOverrideTheEnvironmentWhichOverridesTheFile() throws Exception {
        Path file = Files.writeString(temp.resolve("reel.properties"),
                "http-port=7001\ntcp-port=7002\nmemory-limit=1000000\nreel.catalog.user=from-file\n");

        ServerConfiguration configuration = ServerConfiguration.load(file,
                Map.of("REEL_HTTP_PORT", "7101", "REEL_TCP_PORT", "7102", "REEL_CATALOG_USER", "from-env",
                        "PATH", "/usr/bin"),
                Map.of("http-port", "7201"));
        RuntimeConfig config = runtime(configuration);

        assertThat(config.portOf("http")).isEqualTo(7201);
        assertThat(config.portOf("tcp")).isEqualTo(7102);
        assertThat(config.settings()).containsEntry("reel.store.memory-limit", "1000000")
                .containsEntry("reel.catalog.user", "from-env");
        assertThat(configuration.given()).containsEntry("http-port", new ServerConfiguration.Value("7201",
                "--http-port")).containsEntry("tcp-port", new ServerConfiguration.Value("7102", "REEL_TCP_PORT"))
                .containsEntry("memory-limit", new ServerConfiguration.Value("1000000", file + ": memory-limit"));
        assertThat(runtime(ServerConfiguration.load(null, Map.of(), Map.of())).portOf("http"))
                .isEqualTo(RuntimeConfig.DEFAULT_HTTP_PORT);
    }

    @Test
    void aClusterNeedsItsPortAndMembersAndTheyBecomeTheRuntimesSettings() throws Exception {
        RuntimeConfig config = runtime(ServerConfiguration.load(null, Map.of("REEL_CLUSTER_MEMBERS",
                "10.0.0.1:5701, 10.0.0.2:5701"), Map.of("cluster-port", "5701")));
        assertThat(config.settings()).containsEntry("reel.cluster.port", "5701")
                .containsEntry("reel.cluster.members", "10.0.0.1:5701, 10.0.0.2:5701")
                .containsEntry("reel.cluster.host", "127.0.0.1");

        assertThatThrownBy(() -> runtime(ServerConfiguration.load(null, Map.of(), Map.of("cluster-port", "5701"))))
                .hasMessageContaining("--cluster-port needs cluster-members");
        assertThatThrownBy(() -> runtime(ServerConfiguration.load(null, Map.of(),
                Map.of("cluster-members", "10.0.0.1:5701"))))
                .hasMessageContaining("--cluster-members needs cluster-port too");
        assertThatThrownBy(() -> runtime(ServerConfiguration.load(null, Map.of(),
                Map.of("cluster-port", "5701", "cluster-members", "10.0.0.1"))))
                .hasMessageContaining("--cluster-members must be HOST:PORT[,HOST:PORT...], got '10.0.0.1'");
    }

    @Test
    void withoutClusterSettingsTheNodeRunsOnItsOwn() throws Exception {
        assertThat(runtime(ServerConfiguration.load(null, Map.of(), Map.of())).settings())
                .doesNotContainKeys("reel.cluster.port", "reel.cluster.members", "reel.cluster.host");
    }

    @Test
    void everyProblemIsNamedWithItsSource() throws Exception {
        Path file = Files.writeString(temp.resolve("bad.properties"), "memory-limit=150%\nhttp_prot=1\n");

        assertThatThrownBy(() -> runtime(ServerConfiguration.load(file, Map.of("REEL_TCP_PORT", "seventy"),
                Map.of("fsync", "sometimes"))))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageContaining(file + ": unknown setting 'http_prot'")
                .hasMessageContaining("REEL_TCP_PORT is not a number: 'seventy'")
                .hasMessageContaining(file + ": memory-limit must be a number of bytes or a percentage above 0% and "
                        + "at most 100%, got '150%'")
                .hasMessageContaining("--fsync must be always, never or a period");
    }

    @Test
    void configCheckPrintsEveryValueWithItsSourceAndHidesPasswords() throws Exception {
        Path good = Files.writeString(temp.resolve("good.properties"),
                "http-port=7001\nreel.catalog.password=secret\n");
        Path bad = Files.writeString(temp.resolve("bad.properties"), "bind=999.1.1.1\n");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine reel = Reel.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        assertThat(reel.execute("config", "check", good.toString())).isZero();
        assertThat(out.toString()).contains("http-port             = 7001  (" + good + ": http-port)")
                .contains("reel.catalog.password = ********").doesNotContain("secret")
                .contains(good + ": valid");

        out.getBuffer().setLength(0);
        assertThat(reel.execute("config", "check", "--json", bad.toString())).isEqualTo(2);
        JsonObject answer = new JsonObject(out.toString().trim());
        assertThat(answer.getBoolean("valid")).isFalse();
        assertThat(answer.getJsonArray("problems")).containsExactly(bad + ": bind 999.1.1.1 is not an IPv4 address "
                + "(four numbers 0-255, e.g. 127.0.0.1 or 0.0.0.0)");
        assertThat(err.toString()).startsWith("reel: " + bad + ": bind 999.1.1.1");
    }
}
