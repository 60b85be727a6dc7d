package dev.reel.distribution.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.reel.api.log.LogMsg;
import dev.reel.testing.Fixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress bars of long commands ({@code send}, {@code dataset register}, {@code rrd merge|optimize}) stay on a
 * terminal's standard error: with standard error piped (as here, under the test runner) or with {@code --json},
 * a command prints its output and nothing else.
 */
class TestProgressOutput {
    /** Above the 50 MiB from which byte progress is drawn; sparse, so cheap to make. */
    private static final long BIG_FILE_BYTES = 60L << 20;

    @TempDir
    Path temp;

    @Test
    void sendPrintsOnlyItsReport() throws Exception {
        Path file = bigFile();
        try (FakeTcpServer server = new FakeTcpServer()) {
            Cli.Result text = Cli.run("send", file.toString(), "--to", server.address());
            Cli.Result json = Cli.run("send", file.toString(), "--to", server.address(), "--json");

            assertThat(text.exitCode()).as(text.err()).isZero();
            assertThat(text.err()).isEmpty();
            assertThat(text.lines()).singleElement().asString()
                    .startsWith("sent " + file + " to " + server.address() + ": 7 messages, 60.0 MiB stored in ");
            assertThat(json.err()).isEmpty();
            assertThat(json.lines()).singleElement()
                    .satisfies(line -> assertThat(new JsonObject(line).getString("status")).isEqualTo("ok"));
        }
    }

    @Test
    void registeringAPrefixPrintsOnlyItsRows() throws Exception {
        try (FakeCatalog catalog = new FakeCatalog(1_000)) {
            Cli.Result text = Cli.run("dataset", "register", "robots", temp.toString(), "--prefix", "--server",
                    catalog.address());
            Cli.Result json = Cli.run("dataset", "register", "robots", temp.toString(), "--prefix", "--server",
                    catalog.address(), "--json");

            assertThat(text.exitCode()).as(text.err()).isZero();
            assertThat(text.err()).isEmpty();
            assertThat(text.lines()).hasSize(1_000).first().asString()
                    .isEqualTo("registered segment s0 layer base from file:///recordings/0.rrd");
            assertThat(json.err()).isEmpty();
            assertThat(json.lines()).singleElement()
                    .satisfies(line -> assertThat(new JsonArray(line)).hasSize(1_000));
        }
    }

    @Test
    void mergeAndOptimizeWriteOnlyTheirOutput() throws Exception {
        String file1 = Cli.fixture(Fixtures.FILE1);
        String file2 = Cli.fixture(Fixtures.FILE2);

        for (String verb : List.of("merge", "optimize")) {
            Path merged = temp.resolve(verb + ".rrd");
            Cli.Result toFile = Cli.run("rrd", verb, file1, file2, "-o", merged.toString());
            Cli.Result toStdout = Cli.run("rrd", verb, file1, file2);

            assertThat(toFile.exitCode()).as(toFile.err()).isZero();
            assertThat(toFile.out()).isEmpty();
            assertThat(toFile.err()).isEmpty();
            assertThat(toFile.binaryOut()).isEmpty();
            assertThat(toStdout.err()).isEmpty();
            assertThat(toStdout.out()).isEmpty();
            // the same messages as the file, though not the same bytes: a merge makes new chunk ids
            try (RootAllocator allocator = new RootAllocator()) {
                List<LogMsg> fromStdout = Cli.read(toStdout.binaryOut(), allocator);
                List<LogMsg> fromFile = Cli.read(merged, allocator);
                assertThat(fromStdout).isNotEmpty().hasSameSizeAs(fromFile);
                Cli.close(fromStdout);
                Cli.close(fromFile);
            }
        }
    }

    /**
     * The other side, in a real terminal: {@code script} gives a {@code reel} process a pseudo-terminal as
     * standard error while its standard output goes to a file. The bar is drawn there, and cleared, and never
     * with {@code --json}; the output file holds the output only.
     */
    @Test
    void onATerminalTheBarIsDrawnOnStandardErrorOnlyAndNotWithJson() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")) && Files.isDirectory(Path.of("/proc/self/fd")),
                "Linux with util-linux's script only");
        Path file = bigFile();
        try (FakeTcpServer server = new FakeTcpServer(); FakeCatalog catalog = new FakeCatalog(3)) {
            Terminal send = inTerminal("send", file.toString(), "--to", server.address());
            Terminal sendJson = inTerminal("send", file.toString(), "--to", server.address(), "--json");
            Terminal register = inTerminal("dataset", "register", "robots", temp.toString(), "--prefix",
                    "--server", catalog.address());
            Terminal registerJson = inTerminal("dataset", "register", "robots", temp.toString(), "--prefix",
                    "--server", catalog.address(), "--json");

            // drawn over and over on one line, then blanked and the cursor back at its start
            assertThat(send.screen()).startsWith("\rreading ").contains(" / 60.0 MiB (").endsWith(" \r");
            assertThat(send.out()).startsWith("sent " + file).hasLineCount(1);
            assertThat(sendJson.screen()).isEmpty();
            assertThat(new JsonObject(sendJson.out()).getString("status")).isEqualTo("ok");
            assertThat(register.screen()).startsWith("\rindexed 1 recordings, ").endsWith(" \r");
            assertThat(register.out()).startsWith("registered segment s0 layer base").hasLineCount(3);
            assertThat(registerJson.screen()).isEmpty();
            assertThat(new JsonArray(registerJson.out())).hasSize(3);
        }
    }

    /** What a {@code reel} process run in a terminal showed there and wrote to its redirected standard output. */
    private record Terminal(String screen, String out) {}

    private Terminal inTerminal(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(temp, "stdout", ".txt");
        Path screen = Files.createTempFile(temp, "screen", ".txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "dev.reel.distribution.Reel"));
        command.addAll(List.of(args));
        String shell = String.join(" ", command.stream().map(TestProgressOutput::quoted).toList()) + " > "
                + quoted(out.toString());
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/script", "--quiet", "--return", "--command", shell,
                "/dev/null").redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(screen.toFile()).redirectErrorStream(true);
        builder.environment().remove("CI"); // the bar stays off in CI
        Process process = builder.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("reel %s ended in time", args[0]).isTrue();
            assertThat(process.exitValue()).as(Files.readString(screen)).isZero();
        } finally {
            process.destroyForcibly();
        }
        // the terminal turns each newline into \r\n; the bar's own \r stay
        return new Terminal(Files.readString(screen).replace("\r\n", "\n"), Files.readString(out).strip());
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private Path bigFile() throws IOException {
        Path file = temp.resolve("big.rrd");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(BIG_FILE_BYTES);
        }
        return file;
    }

    /** A TCP port that takes whole streams and answers each as Reel's TCP transport does: OK, 7 messages. */
    private static final class FakeTcpServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread acceptor = new Thread(this::serve, "fake-tcp-server");

        FakeTcpServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String address() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket producer = socket.accept(); InputStream in = producer.getInputStream();
                        OutputStream out = producer.getOutputStream()) {
                    long bytes = in.transferTo(OutputStream.nullOutputStream());
                    out.write(("OK 7 " + bytes + "\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
            acceptor.join(5_000);
        }
    }

    /** A catalog that answers a prefix registration as Reel's does: a progress line per recording, then the rows. */
    private static final class FakeCatalog implements AutoCloseable {
        private final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                0);

        FakeCatalog(int recordings) throws IOException {
            server.createContext("/api/datasets/robots/register", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("content-type", "application/x-ndjson");
                exchange.sendResponseHeaders(200, 0);
                JsonArray rows = new JsonArray();
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < recordings; i++) {
                        out.write((new JsonObject().put("progress", new JsonObject().put("indexed", i + 1)).encode()
                                + "\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        rows.add(new JsonObject().put("status", "registered").put("rerun_segment_id", "s" + i)
                                .put("rerun_segment_layer", "base")
                                .put("rerun_storage_url", "file:///recordings/" + i + ".rrd"));
                    }
                    out.write((new JsonObject().put("rows", rows).encode() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            });
            server.start();
        }

        String address() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
