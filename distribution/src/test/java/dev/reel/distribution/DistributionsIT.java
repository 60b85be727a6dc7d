package dev.reel.distribution;

import static dev.reel.distribution.ReelRuntimeIT.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.distribution.runtime.Distribution;
import dev.reel.distribution.runtime.ReelRuntime;
import dev.reel.distribution.runtime.RuntimeConfig;
import dev.reel.distribution.runtime.RuntimeStartException;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * The two distributions the build assembles from their descriptors (src/distributions): reel-ingest runs the
 * recording path without the catalog or the web page; a required bundle that goes missing turns health DOWN, and
 * one missing at start stops the start with its name.
 */
class DistributionsIT {
    private static final Path TARGET = RunningReel.DIST.toAbsolutePath().getParent();
    private static final Path INGEST = TARGET.resolve("reel-ingest");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path temp;

    private RuntimeConfig config(Path distribution) {
        return new RuntimeConfig(distribution.resolve("bundles"), temp.resolve("extensions"), temp.resolve("data"),
                "127.0.0.1", Map.of("http", 0, "tcp", 0), Set.of("http", "tcp"), Map.of(), Duration.ofSeconds(30));
    }

    @Test
    void bothDistributionsCarryTheirDescriptorAndArchive() throws IOException {
        Distribution server = Distribution.installedAt(RunningReel.DIST).orElseThrow();
        Distribution ingest = Distribution.installedAt(INGEST).orElseThrow();
        assertThat(server.bundles()).contains("dev.reel.catalog", "dev.reel.transport.http");
        assertThat(ingest.bundles()).contains("dev.reel.viewer.store", "dev.reel.transport.tcp",
                "dev.reel.transport.http").doesNotContain("dev.reel.catalog");
        assertThat(INGEST.resolve("ui")).doesNotExist();
        assertThat(RunningReel.DIST.resolve("ui/web-viewer/index.js")).isRegularFile();
        assertThat(INGEST.resolve("bin/reel")).isExecutable();
        try (Stream<Path> archives = Files.list(TARGET)) {
            assertThat(archives.map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.matches("reel-ingest-.*\\.tar\\.gz"))
                    .anyMatch(name -> name.matches("reel-[0-9].*\\.tar\\.gz"));
        }
    }

    @Test
    void reelIngestPoolsRecordingsWithoutTheCatalogAndWithoutTheWebPage() throws Exception {
        try (ReelRuntime runtime = ReelRuntime.start(config(INGEST))) {
            URI api = URI.create("http://127.0.0.1:" + runtime.endpoints().get("http").port());
            int tcp = runtime.endpoints().get("tcp").port();
            assertThat(Stream.of(runtime.bundleContext().getBundles()).map(Bundle::getSymbolicName))
                    .doesNotContain("dev.reel.catalog");
            HttpResponse<String> health = get(api.resolve("/api/health"));
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("UP");

            // two producers of one recording: pooled into one logical recording
            assertThat(RunningReel.sendOverTcp(tcp, recording(0, 10))).startsWith("OK ");
            assertThat(RunningReel.sendOverTcp(tcp, recording(10, 10))).startsWith("OK ");
            JsonArray recordings = new JsonArray(get(api.resolve("/api/recordings")).body());
            assertThat(recordings).hasSize(1);
            JsonObject pooled = recordings.getJsonObject(0);
            assertThat(pooled.getString("application_id")).isEqualTo("ingest_node");
            assertThat(pooled.getJsonArray("sources")).hasSize(2);
            assertThat(pooled.getJsonObject("timelines").getJsonObject("frame").getLong("max")).isEqualTo(19);

            HttpResponse<String> datasets = get(api.resolve("/api/datasets"));
            assertThat(datasets.statusCode()).isEqualTo(503);
            assertThat(new JsonObject(datasets.body()).getString("message"))
                    .isEqualTo("the catalog is not running on this server");
            assertThat(get(api.resolve("/")).statusCode()).as("no web page").isEqualTo(404);
            assertThat(runtime.stop()).as("Arrow bytes leaked").isZero();
        }
    }

    @Test
    void aRequiredBundleThatGoesMissingTurnsHealthDown() throws Exception {
        try (ReelRuntime runtime = ReelRuntime.start(config(INGEST))) {
            URI api = URI.create("http://127.0.0.1:" + runtime.endpoints().get("http").port());
            Bundle tcp = Stream.of(runtime.bundleContext().getBundles())
                    .filter(b -> "dev.reel.transport.tcp".equals(b.getSymbolicName())).findFirst().orElseThrow();
            tcp.uninstall();
            await("health goes DOWN", () -> {
                try {
                    return get(api.resolve("/api/health")).statusCode() == 503;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            JsonObject health = new JsonObject(get(api.resolve("/api/health")).body());
            assertThat(health.getString("status")).isEqualTo("DOWN");
            JsonObject missing = health.getJsonArray("bundles").stream().map(JsonObject.class::cast)
                    .filter(b -> b.getString("name").equals("dev.reel.transport.tcp")).findFirst().orElseThrow();
            assertThat(missing.getString("state")).isEqualTo("MISSING");
            assertThat(missing.getJsonArray("problems").getString(0))
                    .isEqualTo("the distribution requires it, but its jar is not in bundles/");
        }
    }

    @Test
    void aRequiredBundleMissingAtStartStopsTheStartWithItsName() throws Exception {
        Path copy = temp.resolve("reel-ingest");
        Files.createDirectories(copy.resolve("bundles"));
        Files.createDirectories(copy.resolve("conf"));
        Files.copy(INGEST.resolve(Distribution.FILE), copy.resolve(Distribution.FILE));
        try (Stream<Path> jars = Files.list(INGEST.resolve("bundles"))) {
            for (Path jar : jars.filter(j -> !j.getFileName().toString().startsWith("reel-viewer-store")).toList()) {
                Files.copy(jar, copy.resolve("bundles").resolve(jar.getFileName()));
            }
        }
        RuntimeConfig config = new RuntimeConfig(copy.resolve("bundles"), temp.resolve("extensions"),
                temp.resolve("data"), "127.0.0.1", Map.of("http", 0, "tcp", 0), Set.of("http", "tcp"), Map.of(),
                Duration.ofSeconds(5));
        assertThatThrownBy(() -> ReelRuntime.start(config)).isInstanceOf(RuntimeStartException.class)
                .hasMessageContaining("dev.reel.viewer.store (MISSING)");
    }

    private static byte[] recording(int from, int rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder("ingest_node").recordingId("pooled").to(out)) {
            for (int i = from; i < from + rows; i++) {
                rec.setTime("frame", i);
                rec.log("value", Scalars.of(i));
            }
        }
        return out.toByteArray();
    }


    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
