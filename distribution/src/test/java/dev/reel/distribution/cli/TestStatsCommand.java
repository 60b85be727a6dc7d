package dev.reel.distribution.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.testing.Fixtures;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code reel rrd stats} on Rerun's file1. The expected timeline ranges are the ones Rerun itself wrote into the
 * file's footer manifest ({@code <timeline>:start}/{@code :end} columns); the byte sums are those of the
 * payloads that {@code tools/rrd_dump.py} lists.
 */
class TestStatsCommand {
    @Test
    void jsonDescribesEachStore() throws Exception {
        Cli.Result result = Cli.run("rrd", "stats", "--json", Cli.fixture(Fixtures.FILE1));

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonObject stats = new JsonObject(result.out());
        assertThat(stats.getLong("num_chunks")).isEqualTo(16);
        assertThat(stats.getLong("num_rows")).isEqualTo(60);
        assertThat(stats.getLong("num_static")).isEqualTo(2);
        assertThat(stats.getJsonArray("stores")).hasSize(1);
        JsonObject store = stats.getJsonArray("stores").getJsonObject(0);
        assertThat(store.getString("kind")).isEqualTo("recording");
        assertThat(store.getString("application_id")).isEqualTo("file1");
        assertThat(store.getString("recording_id")).isEqualTo("728a58b2a8d4463ab69effd48853945a");
        assertThat(store.getLong("chunks")).isEqualTo(16);
        assertThat(store.getLong("rows")).isEqualTo(60);
        assertThat(store.getLong("static_chunks")).isEqualTo(2);
        assertThat(store.getJsonArray("entity_paths").encode())
                .isEqualTo("[\"/obj1\",\"/obj2\",\"/obj3\",\"/text1\",\"/text2\"]");
        JsonObject timelines = store.getJsonObject("timelines");
        assertThat(timelines.fieldNames()).containsExactlyInAnyOrder("log_tick", "log_time", "time_1", "time_2",
                "time_3");
        assertTimeline(timelines, "log_tick", "sequence", 1, 58);
        assertTimeline(timelines, "log_time", "timestamp", 1765471537017676000L, 1765471537018848000L);
        assertTimeline(timelines, "time_1", "timestamp", 1705314645123456789L, 1705317525123456789L);
        assertTimeline(timelines, "time_2", "duration", 2100000000000L, 9000000000000L);
        assertTimeline(timelines, "time_3", "sequence", 1, 25);
        String dump = Files.readString(Fixtures.dump("v0.28.0-alpha.1+dev_2025-12-12_file1.rrd.txt"));
        assertThat(store.getJsonObject("bytes").getLong("compressed")).isEqualTo(sum(dump, "payload=(\\d+)B"));
        assertThat(store.getJsonObject("bytes").getLong("uncompressed"))
                .isEqualTo(sum(dump, "uncompressed_size=(\\d+)"));
        assertThat(stats.getJsonObject("size_compressed").getLong("total")).isEqualTo(sum(dump, "payload=(\\d+)B"));
        assertThat(stats.getJsonArray("footers").getJsonObject(0).getLong("num_chunks_indexed")).isEqualTo(16);
    }

    private static void assertTimeline(JsonObject timelines, String name, String type, long min, long max) {
        JsonObject timeline = timelines.getJsonObject(name);
        assertThat(timeline.getString("type")).as(name).isEqualTo(type);
        assertThat(timeline.getLong("min")).as(name).isEqualTo(min);
        assertThat(timeline.getLong("max")).as(name).isEqualTo(max);
    }

    private static long sum(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        long sum = 0;
        while (matcher.find()) {
            sum += Long.parseLong(matcher.group(1));
        }
        return sum;
    }

    @Test
    void textFollowsRerunsLayoutAndEndsWithTheStores() {
        Cli.Result result = Cli.run("rrd", "stats", Cli.fixture(Fixtures.FILE1));

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.lines();
        assertThat(lines.subList(0, 3)).containsExactly("Overview", "----------", "num_chunks = 16");
        assertThat(lines).contains("num_rows_avg = 3.750", "/obj1: 5", "Points3D:positions: 14",
                "Size (schema + data, compressed)", "ipc_size_bytes_total = 22.8 KiB",
                "Footer manifest for recording:file1/728a58b2a8d4463ab69effd48853945a", "  num_static_chunks = 2",
                "  kind = recording", "  application_id = file1", "  timeline log_tick (sequence) = 1 .. 58",
                "  timeline time_2 (duration) = 2100s .. 9000s");
    }

    @Test
    void severalInputsAndStandardInput() {
        String file1 = Cli.fixture(Fixtures.FILE1);
        String file2 = Cli.fixture(Fixtures.FILE2);
        String blueprint = Cli.fixture(Fixtures.BLUEPRINT_RRB);

        JsonObject stats = new JsonObject(Cli.run("rrd", "stats", "--json", file1, file2, blueprint).out());
        JsonObject piped = new JsonObject(Cli.run(Fixtures.bytes(Fixtures.FILE1), "rrd", "stats", "--json").out());

        assertThat(stats.getJsonArray("stores").stream().map(s -> ((JsonObject) s).getString("application_id")))
                .containsExactly("file1", "file2", "test_app");
        assertThat(stats.getJsonArray("stores").getJsonObject(2).getString("kind")).isEqualTo("blueprint");
        assertThat(stats.getJsonArray("footers")).hasSize(2);
        assertThat(piped.getJsonArray("stores").getJsonObject(0).getLong("chunks")).isEqualTo(16);
    }
}
