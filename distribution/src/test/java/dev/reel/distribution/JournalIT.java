package dev.reel.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.Blueprint;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextLog;
import dev.reel.transport.tcp.RrdTcpClient;
import dev.reel.transport.tcp.StreamReceipt;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live recordings survive a restart on the same data folder: what was acknowledged is journaled, restored
 * pooled as before (blueprints and their activation too), deleted recordings stay deleted, and
 * {@code journal=false} keeps memory only.
 */
class JournalIT {
    @TempDir
    Path temp;

    static byte[] recording(String application, String recording, int rows, boolean blueprint) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder(application).recordingId(recording).logTime(false)
                .batching(new BatcherConfig(16, 1 << 20, Duration.ZERO)).to(out)) {
            rec.logStatic("about", TextLog.of(application + "/" + recording));
            for (int frame = 0; frame < rows; frame++) {
                rec.setTime("frame", frame);
                rec.log("value", Scalars.of(frame));
            }
            if (blueprint) {
                rec.sendBlueprint(Blueprint.empty().withTimePanel(Blueprint.PanelState.EXPANDED), true, true);
            }
        }
        return out.toByteArray();
    }

    static StreamReceipt send(byte[] stream, int port, Path temp) throws Exception {
        Path file = Files.createTempFile(temp, "stream", ".rrd");
        Files.write(file, stream);
        return RrdTcpClient.sendFile(file, "127.0.0.1", port, bytes -> { });
    }

    /** Rows per recording ({@code app/recording}), recordings only. */
    static Map<String, Long> recordingRows(RunningReel reel) throws Exception {
        Map<String, Long> rows = new TreeMap<>();
        reel.recordings().stream().map(r -> (JsonObject) r).filter(r -> r.getString("kind").equals("recording"))
                .forEach(r -> rows.put(r.getString("application_id") + "/" + r.getString("recording_id"),
                        r.getLong("rows")));
        return rows;
    }

    @Test
    void aRestartBringsBackWhatWasAcknowledgedAndADeletionStays() throws Exception {
        Map<String, Long> before;
        try (RunningReel reel = RunningReel.start(temp, Map.of())) {
            assertThat(send(recording("journal_it", "first", 50, true), reel.tcpPort(), temp).isOk()).isTrue();
            assertThat(send(recording("journal_it", "second", 30, false), reel.tcpPort(), temp).isOk()).isTrue();
            // a second source appends to the first recording: one logical recording, one journal
            assertThat(send(recording("journal_it", "first", 70, false), reel.tcpPort(), temp).isOk()).isTrue();
            before = recordingRows(reel);
            assertThat(before).containsEntry("journal_it/second", 31L);
            assertThat(reel.stop()).as("Arrow bytes leaked").isZero();
        }
        Path journal = temp.resolve("data/journal");
        try (Stream<Path> files = Files.walk(journal)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> journal.relativize(p).toString()))
                    .contains("recording/journal_it/first.rrd", "recording/journal_it/second.rrd", "activations.rrd");
        }
        assertThat(cli("rrd", "verify", journal.resolve("recording/journal_it/first.rrd").toString())).isZero();

        try (RunningReel reel = RunningReel.start(temp, Map.of())) {
            assertThat(recordingRows(reel)).isEqualTo(before);
            String blueprint = reel.get("/api/recordings").body();
            assertThat(blueprint).as("the blueprint and its active clone").contains("\"kind\":\"blueprint\"");
            HttpResponse<String> deleted = delete(reel, "/api/recordings/journal_it/second");
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(delete(reel, "/api/recordings/journal_it/second").statusCode()).isEqualTo(404);
            assertThat(recordingRows(reel)).doesNotContainKey("journal_it/second");
        }
        assertThat(journal.resolve("recording/journal_it/second.rrd")).doesNotExist();
        try (RunningReel reel = RunningReel.start(temp, Map.of())) {
            assertThat(recordingRows(reel)).containsOnlyKeys("journal_it/first")
                    .containsEntry("journal_it/first", before.get("journal_it/first"));
        }
    }

    @Test
    void withoutTheJournalARestartStartsEmpty() throws Exception {
        Map<String, String> memoryOnly = Map.of("reel.store.journal", "false");
        try (RunningReel reel = RunningReel.start(temp, memoryOnly)) {
            assertThat(send(recording("ephemeral", "r", 10, false), reel.tcpPort(), temp).isOk()).isTrue();
            assertThat(recordingRows(reel)).containsEntry("ephemeral/r", 11L);
        }
        assertThat(temp.resolve("data/journal")).doesNotExist();
        try (RunningReel reel = RunningReel.start(temp, memoryOnly)) {
            assertThat(recordingRows(reel)).isEmpty();
        }
    }

    @Test
    void aStreamRefusedEntirelyLeavesNoRecordingAndNoJournal() throws Exception {
        byte[] stream = recording("refused_it", "r", 10, false);
        // keep the store info, corrupt every chunk's Arrow data: the store refuses the first and the stream ends
        byte[] corrupt = stream.clone();
        for (int i = 200; i < corrupt.length; i += 7) {
            corrupt[i] = (byte) 0xFF;
        }
        try (RunningReel reel = RunningReel.start(temp, Map.of())) {
            assertThat(send(corrupt, reel.tcpPort(), temp).isOk()).isFalse();
            assertThat(reel.recordings()).isEmpty();
        }
        assertThat(temp.resolve("data/journal/recording")).doesNotExist();
    }

    private static HttpResponse<String> delete(RunningReel reel, String path) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + reel.httpPort() + path)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int cli(String... args) {
        return Reel.commandLine().execute(args);
    }
}
