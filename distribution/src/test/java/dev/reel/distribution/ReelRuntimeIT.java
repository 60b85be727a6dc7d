package dev.reel.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.spi.Transport;
import dev.reel.distribution.runtime.ReelRuntime;
import dev.reel.distribution.runtime.RuntimeConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;

/** Starts the real Felix runtime in this JVM with the assembled bundles folder. */
class ReelRuntimeIT {
    private static final Path DIST = Path.of(System.getProperty("reel.dist.dir", "target/reel"));
    private static final Path TEST_EXTENSIONS =
            Path.of(System.getProperty("reel.test.extensions.dir", "target/test-extensions"));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path temp;

    private RuntimeConfig config() {
        return new RuntimeConfig(DIST.resolve("bundles"), temp.resolve("extensions"), temp.resolve("data"),
                "127.0.0.1", Map.of("http", 0, "tcp", 0), Set.of("http"), Map.of(), Duration.ofSeconds(30));
    }

    @Test
    void everyBundleIsActiveAndHealthReportsThem() throws Exception {
        try (ReelRuntime runtime = ReelRuntime.start(config())) {
            assertThat(runtime.inactiveBundles()).isEmpty();
            int port = runtime.endpoints().get("http").port();
            HttpResponse<String> response = get("http://127.0.0.1:" + port + "/api/health");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonObject health = new JsonObject(response.body());
            assertThat(health.getString("status")).isEqualTo("UP");
            JsonArray bundles = health.getJsonArray("bundles");
            assertThat(bundles.stream().map(b -> ((JsonObject) b).getString("name")))
                    .contains("dev.reel.rrd.codec", "dev.reel.viewer.store", "dev.reel.catalog",
                            "dev.reel.transport.tcp", "dev.reel.transport.http", "org.apache.felix.scr",
                            "org.apache.felix.fileinstall");
            assertThat(bundles.stream().map(b -> ((JsonObject) b).getString("state"))).containsOnly("ACTIVE");
            assertThat(runtime.stop()).as("Arrow bytes leaked").isZero();
        }
    }

    @Test
    void unknownApiPathsGetAJsonError() throws Exception {
        try (ReelRuntime runtime = ReelRuntime.start(config())) {
            int port = runtime.endpoints().get("http").port();
            HttpResponse<String> response = get("http://127.0.0.1:" + port + "/api/nothing-here");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(new JsonObject(response.body()).getString("code")).isEqualTo("not-found");
        }
    }

    @Test
    void anExtensionDroppedInWhileRunningIsServedAndGoesAwayWhenRemoved() throws Exception {
        Path extensionJar;
        try (Stream<Path> jars = Files.list(TEST_EXTENSIONS)) {
            extensionJar = jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        try (ReelRuntime runtime = ReelRuntime.start(config())) {
            assertThat(helloServiceCount(runtime)).isZero();

            Path installed = runtime.config().extensionsDir().resolve(extensionJar.getFileName());
            Files.copy(extensionJar, installed);
            await("the extension's service appears", () -> helloServiceCount(runtime) == 1);
            await("the platform starts the extension's transport", () -> runtime.endpoints().containsKey("hello"));
            int port = runtime.endpoints().get("hello").port();
            assertThat(get("http://127.0.0.1:" + port + "/").body()).isEqualTo("hello from an extension\n");

            Files.delete(installed);
            await("the extension's service goes away", () -> helloServiceCount(runtime) == 0);
            await("the extension bundle is uninstalled", () -> Stream.of(runtime.bundleContext().getBundles())
                    .noneMatch(b -> "dev.reel.examples.hello".equals(b.getSymbolicName())));
            assertThat(runtime.endpoints()).doesNotContainKey("hello");
            assertThat(Stream.of(runtime.bundleContext().getBundles()).map(Bundle::getState))
                    .containsOnly(Bundle.ACTIVE);
        }
    }

    private static int helloServiceCount(ReelRuntime runtime) {
        try {
            var refs = runtime.bundleContext().getServiceReferences(Transport.class, "(reel.name=hello)");
            return refs.size();
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
