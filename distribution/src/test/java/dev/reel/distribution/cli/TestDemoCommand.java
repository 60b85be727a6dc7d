package dev.reel.distribution.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.StoreId;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.TimeColumn;
import dev.reel.testing.LeakCheckingAllocator;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code reel demo}: a recording written with Reel's own logging API, to a file or live over TCP. */
class TestDemoCommand {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path temp;

    @Test
    void writesARecordingWithOneRowPerFrameThatVerifies() throws Exception {
        Path file = temp.resolve("robot.rrd");

        Cli.Result result = Cli.run("demo", "-o", file.toString(), "--application-id", "robot_demo",
                "--recording-id", "run-1", "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<LogMsg> messages = Cli.read(file, arrow.allocator());
        try {
            StoreId recording = StoreId.recording("robot_demo", "run-1");
            assertThat(messages.get(0)).isInstanceOf(SetStoreInfo.class);
            assertThat(messages.get(0).storeId()).isEqualTo(recording);
            StoreId blueprint = blueprintActivatedIn(messages);
            assertThat(blueprint.applicationId()).isEqualTo(recording.applicationId());
            assertThat(messages.stream().map(LogMsg::storeId).distinct()).containsExactlyInAnyOrder(recording, blueprint);
            assertThat(rowsByEntity(messages, recording)).isEqualTo(Map.of(
                    "/description", 1L, "/world/walls", 1L, "/world/track", 1L,
                    "/world/robot", 200L, "/world/robot/scan", 200L, "/robot/speed", 200L,
                    // starting, 2 tight turns, lap 1 done, done
                    "/log", 5L));
            for (Chunk chunk : chunks(messages, recording)) {
                if (chunk.isStatic()) {
                    assertThat(chunk.entityPath().toString()).isIn("/description", "/world/walls", "/world/track");
                } else {
                    assertThat(chunk.timeColumns()).extracting(c -> c.timeline().name())
                            .containsExactlyInAnyOrder("frame", "log_time");
                    TimeColumn frame = chunk.timeColumn("frame").orElseThrow();
                    assertThat(frame.min()).isBetween(0L, 199L);
                    assertThat(frame.max()).isBetween(0L, 199L);
                }
            }

            JsonObject summary = new JsonObject(result.out());
            assertThat(summary.getString("application_id")).isEqualTo("robot_demo");
            assertThat(summary.getString("recording_id")).isEqualTo("run-1");
            assertThat(summary.getInteger("frames")).isEqualTo(200);
            assertThat(summary.getString("file")).isEqualTo(file.toString());
            assertThat(summary.getLong("bytes")).isEqualTo(Files.size(file));
            assertThat(summary.getLong("messages")).isEqualTo(messages.size());
            assertThat(summary.getLong("chunks")).isEqualTo(chunks(messages, recording).size());
            assertThat(summary.getLong("rows")).isEqualTo(3 + 3 * 200 + 5);
            assertThat(summary.getJsonObject("entities").getMap()).containsEntry("/world/robot/scan", 200);
        } finally {
            Cli.close(messages);
        }
        Cli.Result verify = Cli.run("rrd", "verify", file.toString());
        assertThat(verify.exitCode()).as(verify.err()).isZero();
    }

    @Test
    void anExistingFileIsKeptUnlessForced() throws Exception {
        Path file = temp.resolve("demo.rrd");
        Files.writeString(file, "mine");

        Cli.Result refused = Cli.run("demo", "-o", file.toString(), "--frames", "3");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains(file + " exists; give --force to replace it");
        assertThat(Files.readString(file)).isEqualTo("mine");

        Cli.Result forced = Cli.run("demo", "-o", file.toString(), "--frames", "3", "--force");

        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).startsWith("wrote " + file + " (").contains(", 3 frames, ");
        try (var files = Files.list(temp)) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void eachRunIsANewRecordingUnlessItsIdIsGiven() {
        JsonObject first = new JsonObject(Cli.run("demo", "-o", temp.resolve("a.rrd").toString(), "--frames", "1",
                "--json").out());
        JsonObject second = new JsonObject(Cli.run("demo", "-o", temp.resolve("b.rrd").toString(), "--frames", "1",
                "--json").out());

        assertThat(first.getString("application_id")).isEqualTo("reel_demo");
        assertThat(first.getString("recording_id")).isNotEqualTo(second.getString("recording_id"));
    }

    @Test
    void streamsLiveToAServersTcpPort() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> receiveOneStream(server));

            Cli.Result result = Cli.run("demo", "--to", "127.0.0.1:" + server.getLocalPort(), "--frames", "20",
                    "--recording-id", "live", "--json");

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(new JsonObject(result.out()).getString("to")).isEqualTo("127.0.0.1:" + server.getLocalPort());
            List<LogMsg> messages = Cli.read(received.get(30, TimeUnit.SECONDS), arrow.allocator());
            try {
                assertThat(rowsByEntity(messages, StoreId.recording("reel_demo", "live")))
                        .containsEntry("/world/robot", 20L).containsEntry("/world/robot/scan", 20L)
                        .containsEntry("/robot/speed", 20L).containsEntry("/log", 2L);
            } finally {
                Cli.close(messages);
            }
        }
    }

    @Test
    void noServerIsAFailureThatSaysWhatToStart() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        Cli.Result result = Cli.run("demo", "--to", "127.0.0.1:" + port, "--frames", "1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("reel: cannot connect to 127.0.0.1:" + port).contains("reel serve");
    }

    @Test
    void badOptionsAreUsageErrors() {
        String file = temp.resolve("x.rrd").toString();

        assertThat(Cli.run("demo", "-o", file, "--to", "127.0.0.1:9877").err())
                .contains("give -o FILE or --to HOST:PORT, not both");
        assertThat(Cli.run("demo", "-o", file, "--frames", "0").err()).contains("--frames must be at least 1");
        assertThat(Cli.run("demo", "--to", "nowhere").err()).contains("--to must be HOST:PORT, got 'nowhere'");
        assertThat(Cli.run("demo", "-o", file, "--application-id", "").err())
                .contains("application id must not be empty");
        for (String[] args : List.of(new String[] {"demo", "-o", file, "--frames", "0"},
                new String[] {"demo", "--to", "nowhere"}, new String[] {"demo", "--no-such-flag"})) {
            assertThat(Cli.run(args).exitCode()).isEqualTo(2);
        }
        assertThat(Files.exists(Path.of(file))).isFalse();
        assertThat(Cli.run("demo", "--help").out()).contains("Usage: reel demo", "demo.rrd", "--to", "--frames",
                "--force", "--json");
    }

    private static StoreId blueprintActivatedIn(List<LogMsg> messages) {
        List<BlueprintActivationCommand> activations = messages.stream()
                .filter(m -> m instanceof BlueprintActivationCommand).map(m -> (BlueprintActivationCommand) m)
                .toList();
        assertThat(activations).singleElement().satisfies(a -> {
            assertThat(a.makeActive()).isTrue();
            assertThat(a.makeDefault()).isTrue();
        });
        return activations.get(0).storeId();
    }

    private static List<Chunk> chunks(List<LogMsg> messages, StoreId store) {
        return messages.stream().filter(m -> m instanceof ArrowMsg && m.storeId().equals(store))
                .map(m -> ((ArrowMsg) m).chunk()).toList();
    }

    private static Map<String, Long> rowsByEntity(List<LogMsg> messages, StoreId store) {
        return chunks(messages, store).stream().collect(Collectors.groupingBy(c -> c.entityPath().toString(),
                Collectors.summingLong(Chunk::numRows)));
    }

    /** What a producer sends on one connection, until it half-closes; then the connection is closed. */
    private static byte[] receiveOneStream(ServerSocket server) {
        try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            // the sink half-closed: answer as a Reel server does
            socket.getOutputStream().write("OK 1 1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
