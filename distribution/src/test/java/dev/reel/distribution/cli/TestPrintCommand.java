package dev.reel.distribution.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.testing.Fixtures;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reel rrd print} on Rerun's own files. */
class TestPrintCommand {
    private static final String RECORDING = "728a58b2a8d4463ab69effd48853945a";

    @TempDir
    Path temp;

    @Test
    void printsTheStoreInfoAndOneLinePerChunk() {
        Cli.Result result = Cli.run("rrd", "print", Cli.fixture(Fixtures.FILE1));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.lines().get(0)).startsWith("StoreInfo { kind: recording, application_id: file1, "
                + "recording_id: " + RECORDING + ", store_source: python_sdk");
        assertThat(result.lines()).filteredOn(line -> line.startsWith("Chunk(chunk_")).hasSize(16);
        assertThat(result.lines()).contains(
                "Chunk(chunk_18803702511618EF076c378bdbaaef06) with 1 rows (45 B) - /text2 - data columns: "
                        + "[TextDocument:text]");
        assertThat(result.out()).contains("Chunk(chunk_188037025116ECD9076c378bdbaaef07) with 6 rows");
    }

    @Test
    void jsonIsOneObjectPerMessage() {
        Cli.Result result = Cli.run("rrd", "print", "--json", Cli.fixture(Fixtures.FILE1));

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<JsonObject> messages = result.lines().stream().map(JsonObject::new).toList();
        assertThat(messages).hasSize(17);
        assertThat(messages.get(0).getString("kind")).isEqualTo("set_store_info");
        assertThat(messages.get(0).getString("application_id")).isEqualTo("file1");
        assertThat(messages.get(0).getString("store_version")).isEqualTo("0.28.0-alpha.1+dev");
        JsonObject chunk = messages.get(2);
        assertThat(chunk.getString("kind")).isEqualTo("arrow_msg");
        assertThat(chunk.getString("store_kind")).isEqualTo("recording");
        assertThat(chunk.getString("recording_id")).isEqualTo(RECORDING);
        assertThat(chunk.getString("chunk_id")).isEqualTo("chunk_188037025116ECD9076c378bdbaaef07");
        assertThat(chunk.getString("entity_path")).isEqualTo("/obj3");
        assertThat(chunk.getInteger("rows")).isEqualTo(6);
        assertThat(chunk.getBoolean("static")).isFalse();
        assertThat(chunk.getJsonObject("timelines").fieldNames())
                .containsExactly("log_tick", "log_time", "time_2", "time_3");
        assertThat(chunk.getJsonObject("timelines").getJsonObject("time_2").getString("type")).isEqualTo("duration");
        assertThat(chunk.getJsonArray("components").encode()).isEqualTo("[\"Points3D:positions\"]");
        assertThat(messages.get(1).getBoolean("static")).isTrue();
    }

    @Test
    void entityFilterMatchesExactlyThatEntity() {
        Cli.Result obj1 = Cli.run("rrd", "print", "--entity", "obj1", Cli.fixture(Fixtures.FILE1));
        Cli.Result root = Cli.run("rrd", "print", "--entity", "/", Cli.fixture(Fixtures.FILE1));

        assertThat(obj1.lines()).hasSize(5).allMatch(line -> line.contains(" - /obj1 - "));
        assertThat(root.lines()).isEmpty();
    }

    @Test
    void verbosityAddsEntitiesSchemasAndRows() {
        String v = Cli.run("rrd", "print", "-v", "--entity", "obj1", Cli.fixture(Fixtures.FILE1)).out();
        String vv = Cli.run("rrd", "print", "-vv", "--entity", "obj1", Cli.fixture(Fixtures.FILE1)).out();
        String vvv = Cli.run("rrd", "print", "-vvv", "--entity", "obj1", Cli.fixture(Fixtures.FILE1)).out();

        assertThat(v).contains("data columns: [/obj1@Points3D:positions]");
        assertThat(vv).contains("column Points3D:positions: List<FixedSizeList(3)<FloatingPoint(SINGLE)>>")
                .contains("rerun:entity_path: /obj1").doesNotContain("[[");
        assertThat(vvv).contains("row_id | log_tick | log_time").contains("[[");
    }

    @Test
    void footersListTheManifestOfEachStream() {
        Cli.Result text = Cli.run("rrd", "print", "--footers", Cli.fixture(Fixtures.FILE1));
        Cli.Result json = Cli.run("rrd", "print", "--footers", "--json", Cli.fixture(Fixtures.FILE1));

        assertThat(text.out()).contains("Footer manifest for recording:file1/" + RECORDING)
                .contains("chunk_18803702511618EF076c378bdbaaef06 | /text2 | true | - | 140 | 1007 | -");
        JsonObject footer = new JsonObject(json.lines().get(json.lines().size() - 1));
        assertThat(footer.getString("kind")).isEqualTo("footer");
        assertThat(footer.getJsonArray("chunks")).hasSize(16);
    }

    @Test
    void readsStandardInputWithoutPathOrWithDash() {
        byte[] file1 = Fixtures.bytes(Fixtures.FILE1);

        assertThat(Cli.run(file1, "rrd", "print").lines()).filteredOn(l -> l.startsWith("Chunk(")).hasSize(16);
        assertThat(Cli.run(file1, "rrd", "print", "-").lines()).filteredOn(l -> l.startsWith("Chunk(")).hasSize(16);
    }

    @Test
    void aMsgPackFileFailsWithItsPlaceAndReason() {
        String msgpack = Fixtures.rrd(Fixtures.LEGACY_MSGPACK).toString();

        Cli.Result result = Cli.run("rrd", "print", msgpack);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("reel: " + msgpack + ": at byte 0: ")
                .contains("Rerun 0.12.0").contains("0.23 and later");
    }

    @Test
    void continueOnErrorSkipsTheBadMessage() throws Exception {
        byte[] bytes = Fixtures.bytes(Fixtures.FILE1);
        bytes[2000] ^= (byte) 0xff; // inside the LZ4 payload of the chunk at byte 1147
        Path corrupt = temp.resolve("corrupt.rrd");
        Files.write(corrupt, bytes);

        Cli.Result strict = Cli.run("rrd", "print", corrupt.toString());
        Cli.Result lenient = Cli.run("rrd", "print", "--continue-on-error", corrupt.toString());

        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.err()).startsWith("reel: " + corrupt + ": at byte 1147: ");
        assertThat(lenient.exitCode()).isZero();
        assertThat(lenient.lines()).filteredOn(l -> l.startsWith("Chunk(")).hasSize(15);
        assertThat(lenient.err()).contains("warning: " + corrupt + ": at byte 1147");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(Cli.run("rrd", "print", temp.resolve("missing.rrd").toString()).exitCode()).isEqualTo(2);
        assertThat(Cli.run("rrd", "print", "--no-such-flag").exitCode()).isEqualTo(2);
        assertThat(Cli.run("rrd").exitCode()).isEqualTo(2);
    }

    @Test
    void everyVerbHasHelp() {
        for (String verb : List.of("print", "stats", "verify", "route", "filter", "split", "compare", "merge",
                "optimize")) {
            Cli.Result help = Cli.run("rrd", verb, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("Usage: reel rrd " + verb);
        }
        assertThat(Cli.run("rrd", "--help").out()).contains("print", "stats", "verify", "route", "filter", "split",
                "compare", "merge", "optimize");
        assertThat(Cli.run("send", "--help").out()).contains("Usage: reel send");
    }
}
