package dev.reel.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.LogMsg;
import dev.reel.rrd.RrdReader;
import dev.reel.testing.LeakCheckingAllocator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code reel dataset} and {@code reel catalog} against the real runtime on loopback: the commands a user types,
 * their output for people and for scripts, their exit codes, and the files they write.
 */
class DatasetCliIT {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path temp;

    private record Run(int exitCode, String out, String err) {}

    @Test
    void aDatasetFromCreationToDeletion() throws Exception {
        Path root = Files.createDirectories(temp.resolve("recordings"));
        Files.write(Files.createDirectories(root.resolve("day1")).resolve("a.rrd"),
                JournalIT.recording("fleet", "run-a", 30, false));
        Files.write(root.resolve("day1").resolve("b.rrd"), JournalIT.recording("fleet", "run-b", 20, false));
        Files.write(root.resolve("labels.rrd"), JournalIT.recording("fleet", "run-a", 10, false));
        try (RunningReel reel = RunningReel.start(temp, Map.of("reel.catalog.allowed-roots", root.toString()))) {
            String server = "127.0.0.1:" + reel.httpPort();

            Run created = reel("dataset", "create", "fleet runs", "--server", server, "--json");
            assertThat(created.exitCode()).as(created.err()).isZero();
            assertThat(new JsonObject(created.out()).getString("kind")).isEqualTo("dataset");

            Run prefix = reel("dataset", "register", "fleet runs", root.resolve("day1").toString(), "--prefix",
                    "--server", server);
            assertThat(prefix.exitCode()).as(prefix.err()).isZero();
            assertThat(prefix.out().lines()).hasSize(2).allMatch(line -> line.startsWith("registered segment run-"));

            Run layer = reel("dataset", "register", "fleet runs", root.resolve("labels.rrd").toString(), "--layer",
                    "labels", "--server", server, "--json");
            assertThat(new JsonArray(layer.out()).getJsonObject(0).getString("rerun_segment_layer"))
                    .isEqualTo("labels");

            Run duplicate = reel("dataset", "register", "fleet runs", root.resolve("labels.rrd").toString(),
                    "--layer", "labels", "--server", server);
            assertThat(duplicate.exitCode()).isEqualTo(2);
            assertThat(duplicate.err()).contains("already-exists").contains("segment 'run-a' layer 'labels'");

            Run segments = reel("dataset", "segments", "fleet runs", "--server", server, "--json");
            JsonArray table = new JsonArray(segments.out());
            assertThat(table).hasSize(2);
            assertThat(table.getJsonObject(0).getJsonArray("rerun_layer_names")).containsExactly("base", "labels");
            Run text = reel("dataset", "segments", "fleet runs", "--server", server);
            assertThat(text.out().lines().findFirst().orElseThrow()).startsWith("rerun_segment_id");

            Path fetched = temp.resolve("value.rrd");
            Run query = reel("dataset", "query", "fleet runs", "--segment", "run-a", "--entity", "/value",
                    "--range", "frame=0..5", "--fetch", "-o", fetched.toString(), "--server", server);
            assertThat(query.exitCode()).as(query.err()).isZero();
            // both layers of run-a have frames 0-5 in their first chunk
            assertThat(chunks(fetched)).isEqualTo(2);

            Path download = temp.resolve("run-a.rrd");
            assertThat(reel("dataset", "download", "fleet runs", "run-a", "-o", download.toString(), "--server",
                    server).exitCode()).isZero();
            assertThat(chunks(download)).isPositive();

            Run unregister = reel("dataset", "unregister", "fleet runs", "--layer", "labels", "--server", server);
            assertThat(unregister.out()).contains("removed 1 segment layers");
            Run entries = reel("catalog", "entries", "--hidden", "--server", server, "--json");
            assertThat(new JsonArray(entries.out())).hasSize(2);
            assertThat(reel("dataset", "delete", "fleet runs", "--server", server).exitCode()).isZero();
            assertThat(new JsonArray(reel("dataset", "list", "--server", server, "--json").out())).isEmpty();

            Run unknown = reel("dataset", "show", "nothing", "--server", server);
            assertThat(unknown.exitCode()).isEqualTo(2);
            assertThat(unknown.err()).contains("no dataset 'nothing'");
        }
        Run noServer = reel("dataset", "list", "--server", "127.0.0.1:1");
        assertThat(noServer.exitCode()).isEqualTo(1);
        assertThat(noServer.err()).contains("no Reel server answers at 127.0.0.1:1");
    }

    private long chunks(Path file) throws Exception {
        List<LogMsg> messages = RrdReader.readAll(file, arrow.allocator());
        messages.forEach(LogMsg::close);
        return messages.stream().filter(m -> m instanceof ArrowMsg).count();
    }

    private static Run reel(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Reel.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(new ArrayList<>(List.of(args)).toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }
}
