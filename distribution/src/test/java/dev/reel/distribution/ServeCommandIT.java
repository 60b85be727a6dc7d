package dev.reel.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the assembled distribution's {@code bin/reel serve} as a separate process. */
class ServeCommandIT {
    private static final Path REEL = Path.of(System.getProperty("reel.dist.dir", "target/reel"), "bin", "reel");

    @TempDir
    Path temp;

    @Test
    void servesUntilSigtermThenExitsCleanly() throws Exception {
        Process process = start("serve", "--data", temp.resolve("data").toString(), "--http-port", "0",
                "--tcp-port", "0", "--json");
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("ready line").isNotNull();
            JsonObject ready = new JsonObject(line);
            assertThat(ready.getString("status")).isEqualTo("ready");
            String http = ready.getJsonObject("endpoints").getString("http");
            assertThat(http).startsWith("127.0.0.1:");

            HttpResponse<String> health = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create("http://" + http + "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("UP");

            process.toHandle().destroy(); // SIGTERM, leaving the pipes open (Process.destroy closes them)
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
            assertThat(process.exitValue()).isZero();
            String log = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(log).contains("transport http listening on http=" + http)
                    .contains("stopping: transports, then bundles, then Vert.x")
                    .contains("transport http stopped")
                    .containsPattern("stopped in \\d+ ms; no Arrow memory left allocated");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void unknownFlagsAreRejectedWithExitCode2() throws Exception {
        Result result = run("serve", "--no-such-flag");
        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.stderr).contains("Unknown option: '--no-such-flag'");
    }

    @Test
    void badConfigurationIsRejectedWithExitCode2() throws Exception {
        Path config = temp.resolve("reel.properties");
        Files.writeString(config, "http-port=9876\nhttp_prot=1\n");
        Result unknownKey = run("serve", "--config", config.toString(), "--data", temp.toString());
        assertThat(unknownKey.exitCode).isEqualTo(2);
        assertThat(unknownKey.stderr).contains("unknown setting 'http_prot'");

        Result badPort = run("serve", "--http-port", "70000", "--data", temp.toString());
        assertThat(badPort.exitCode).isEqualTo(2);
        assertThat(badPort.stderr).contains("--http-port must be in 0-65535");

        Result overFull = run("serve", "--memory-limit", "150%", "--data", temp.toString());
        assertThat(overFull.exitCode).isEqualTo(2);
        assertThat(overFull.stderr).contains("reel: --memory-limit must be a number of bytes or a percentage above "
                + "0% and at most 100%, got '150%'");

        Result badAddress = run("serve", "--bind", "999.1.1.1", "--data", temp.toString());
        assertThat(badAddress.exitCode).isEqualTo(2);
        assertThat(badAddress.stderr).contains("reel: --bind 999.1.1.1 is not an IPv4 address");
        Result foreignAddress = run("serve", "--bind", "192.0.2.1", "--data", temp.toString()); // TEST-NET-1
        assertThat(foreignAddress.exitCode).isEqualTo(2);
        assertThat(foreignAddress.stderr).contains("192.0.2.1) is not an address of this machine");

        Result missingConfig = run("serve", "--config", temp.resolve("nope.properties").toString());
        assertThat(missingConfig.exitCode).isEqualTo(2);
        assertThat(missingConfig.stderr).contains("reel: --config " + temp.resolve("nope.properties")
                + ": no such file");
    }

    @Test
    void portsInUseFailWithAClearMessageNamingEveryTransport() throws Exception {
        try (java.net.ServerSocket http = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                java.net.ServerSocket tcp = new java.net.ServerSocket(0, 1,
                        java.net.InetAddress.getLoopbackAddress())) {
            Result result = run("serve", "--http-port", String.valueOf(http.getLocalPort()), "--tcp-port",
                    String.valueOf(tcp.getLocalPort()), "--data", temp.resolve("data").toString());
            assertThat(result.exitCode).isEqualTo(1);
            assertThat(result.stderr).contains("reel: transports failed to start: http on 127.0.0.1:"
                    + http.getLocalPort() + " (Address already in use), tcp on 127.0.0.1:" + tcp.getLocalPort()
                    + " (Address already in use)");
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    private Result run(String... args) throws IOException, InterruptedException {
        Process process = start(args);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("reel " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(REEL.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("REEL_CDS", "off");
        builder.redirectError(ProcessBuilder.Redirect.PIPE);
        return builder.start();
    }
}
