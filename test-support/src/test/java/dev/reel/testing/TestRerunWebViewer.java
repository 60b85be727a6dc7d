package dev.reel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.reel.testing.RerunWebViewer.Result;
import dev.reel.testing.RerunWebViewer.TimeRange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The harness against real Rerun files in the real web viewer. Expected values come from the files themselves:
 * the ids from their {@code SetStoreInfo} (see the fixtures' README and dumps), the {@code log_tick} spans from
 * decoding every chunk's {@code log_tick} column (file1: 58 rows, 1..58; boxes3d: 3 rows, 0..2).
 */
class TestRerunWebViewer {
    @BeforeAll
    static void browser() {
        RerunWebViewer.assumeAvailable();
    }

    @Test
    void opensAFileAndReportsItsRecordingAndTimeRanges() {
        Result result =
                RerunWebViewer.openFile(Fixtures.rrd(Fixtures.FILE1), List.of("log_tick", "log_time", "no_such"));

        assertThat(result.recordingOpens()).singleElement().satisfies(open -> {
            assertThat(open).containsEntry("application_id", "file1")
                    .containsEntry("recording_id", "728a58b2a8d4463ab69effd48853945a")
                    .containsEntry("source", "python")
                    .containsEntry("version", "0.28.0-alpha.1+dev");
        });
        Map<String, TimeRange> ranges = result.ranges().get("728a58b2a8d4463ab69effd48853945a");
        assertThat(ranges).containsEntry("log_tick", new TimeRange(1, 58)).doesNotContainKey("no_such");
        // Time timelines are nanoseconds, but the viewer hands them to JavaScript as doubles (steps of 256 ns
        // at today's dates): file1's first and last log_time happen to be representable, others are not.
        assertThat(ranges).containsEntry("log_time", new TimeRange(1765471537017676000L, 1765471537018848000L));
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void opensAUrlFromAnotherServer() throws IOException {
        byte[] rrd = Fixtures.bytes(Fixtures.BOXES_0_30);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/recordings/boxes3d.rrd", exchange -> {
            try (exchange; OutputStream body = exchange.getResponseBody()) {
                // The viewer page comes from the harness's own port: this is a cross-origin fetch.
                exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
                exchange.sendResponseHeaders(200, rrd.length);
                body.write(rrd);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/recordings/boxes3d.rrd";
            Result result = RerunWebViewer.open(url, List.of("log_tick"));

            assertThat(result.recordingOpens()).singleElement().satisfies(open -> {
                assertThat(open).containsEntry("application_id", "boxes3d_smoke")
                        .containsEntry("recording_id", "d11c932991214791a42bc66ac5cc89a5")
                        .containsEntry("version", "0.30.0-alpha.1+dev");
            });
            assertThat(result.ranges().get("d11c932991214791a42bc66ac5cc89a5"))
                    .containsExactly(Map.entry("log_tick", new TimeRange(0, 2)));
            assertThat(result.errors()).isEmpty();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void reportsARecordingItCannotFetch() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
                exchange.sendResponseHeaders(404, -1);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/missing.rrd";
            Result result = RerunWebViewer.open(url, List.of("log_tick"));

            assertThat(result.recordingOpens()).isEmpty();
            assertThat(result.ranges()).isEmpty();
            assertThat(result.errors()).anySatisfy(error -> assertThat(error).contains("404").contains(url));
        } finally {
            server.stop(0);
        }
    }
}
