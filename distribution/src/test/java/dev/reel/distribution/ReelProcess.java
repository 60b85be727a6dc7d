package dev.reel.distribution;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code reel serve} as a real child process of the assembled distribution, on free loopback ports. */
final class ReelProcess implements AutoCloseable {
    static final Path REEL = Path.of(System.getProperty("reel.dist.dir", "target/reel"), "bin", "reel");

    private final Process process;
    private final int httpPort;
    private final int tcpPort;

    private ReelProcess(Process process, int httpPort, int tcpPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.tcpPort = tcpPort;
    }

    /** Starts {@code reel serve --data data} with extra flags and waits for its ready line. */
    static ReelProcess start(Path data, Path log, String... flags) throws IOException {
        return start(data, log, Map.of(), flags);
    }

    /** Starts {@code reel serve --data data} with extra flags and environment variables; waits until ready. */
    static ReelProcess start(Path data, Path log, Map<String, String> environment, String... flags)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(REEL.toString(), "serve", "--data", data.toString(),
                "--http-port", "0", "--tcp-port", "0", "--json"));
        command.addAll(List.of(flags));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("REEL_CDS", "off");
        builder.environment().putAll(environment);
        builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("reel serve exited before it was ready; see " + log);
        }
        JsonObject endpoints = new JsonObject(line).getJsonObject("endpoints");
        return new ReelProcess(process, port(endpoints.getString("http")), port(endpoints.getString("tcp")));
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    int httpPort() {
        return httpPort;
    }

    int tcpPort() {
        return tcpPort;
    }

    /** {@code kill -9}: no shutdown hook, no flush, nothing. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("reel serve did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
