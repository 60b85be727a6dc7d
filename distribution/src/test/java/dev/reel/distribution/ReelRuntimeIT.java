package dev.reel.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.spi.Transport;
import dev.reel.distribution.runtime.ReelRuntime;
import dev.reel.distribution.runtime.RuntimeConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import picocli.CommandLine;

/** Starts the real Felix runtime in this JVM with the assembled bundles folder. */
class ReelRuntimeIT {
    private static final Path DIST = Path.of(System.getProperty("reel.dist.dir", "target/reel"));
    private static final Path TEST_EXTENSIONS =
            Path.of(System.getProperty("reel.test.extensions.dir", "target/test-extensions"));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path temp;

    /** The jar of the example extension {@code examples/<name>}, built by the reactor. */
    static Path extension(String name) throws IOException {
        try (Stream<Path> jars = Files.list(TEST_EXTENSIONS)) {
            return jars.filter(p -> p.getFileName().toString().startsWith("reel-example-" + name + "-")
                    && p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
    }

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
    void configurationsDroppedIntoExtensionsChangeTheMemoryLimitAndLogLevelsWhileRunning() throws Exception {
        try (ReelRuntime runtime = ReelRuntime.start(config())) {
            String metrics = "http://127.0.0.1:" + runtime.endpoints().get("http").port() + "/api/metrics";
            double initial = memoryLimit(metrics);
            Path cfg = runtime.config().extensionsDir().resolve("dev.reel.store.cfg");

            Files.writeString(cfg, "memory-limit = 50000000\n");
            await("the limit applies", () -> memoryLimit(metrics) == 5.0e7);
            Files.writeString(cfg, "memory-limit = 60000000\n");
            await("a change applies", () -> memoryLimit(metrics) == 6.0e7);
            Files.delete(cfg);
            await("removing it restores the server's limit", () -> memoryLimit(metrics) == initial);

            String before = dev.reel.distribution.runtime.Logging.levelOf("dev.reel.store.ViewerStoreHub");
            Path logging = runtime.config().extensionsDir().resolve("dev.reel.logging.cfg");
            Files.writeString(logging, "dev.reel.store = trace\n");
            await("the log level applies", () -> dev.reel.distribution.runtime.Logging
                    .levelOf("dev.reel.store.ViewerStoreHub").equals("trace"));
            Files.delete(logging);
            await("removing it restores the level", () -> dev.reel.distribution.runtime.Logging
                    .levelOf("dev.reel.store.ViewerStoreHub").equals(before));
            assertThat(runtime.inactiveBundles()).isEmpty();
        }
    }

    private double memoryLimit(String url) {
        String metrics;
        try {
            metrics = get(url).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return metrics.lines().filter(line -> line.startsWith("reel_store_memory_limit_bytes "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst()
                .orElseThrow();
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
        Path extensionJar = extension("hello-transport");
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

    @Test
    void anExtensionThatCannotResolveIsReportedWithItsMissingImportsAndDisturbsNothingElse() throws Exception {
        Path extensions = temp.resolve("extensions");
        Files.createDirectories(extensions);
        brokenBundle(extensions.resolve("broken.jar"));

        try (ReelRuntime runtime = ReelRuntime.start(config())) {
            assertThat(runtime.inactiveBundles()).as("the platform's bundles").isEmpty();
            int port = runtime.endpoints().get("http").port();
            await("FileInstall installs the jar", () -> Stream.of(runtime.bundleContext().getBundles())
                    .anyMatch(b -> "org.example.broken".equals(b.getSymbolicName())));

            HttpResponse<String> health = get("http://127.0.0.1:" + port + "/api/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("DEGRADED");
            JsonArray listed = new JsonArray(get("http://127.0.0.1:" + port + "/api/extensions").body());
            assertThat(listed).hasSize(1);
            JsonObject broken = listed.getJsonObject(0);
            assertThat(broken.getString("name")).isEqualTo("org.example.broken");
            assertThat(broken.getString("origin")).isEqualTo("extension");
            assertThat(broken.getString("state")).isEqualTo("INSTALLED");
            assertThat(broken.getString("file")).isEqualTo("broken.jar");
            assertThat(broken.getJsonArray("problems")).containsExactlyInAnyOrder(
                    "needs package org.example.missing [1.0.0,2.0.0): the platform has no such package",
                    "needs package dev.reel.api [9.0.0,10.0.0): the platform has version 1.1.0");

            Run list = reel("ext", "list", "--server", "127.0.0.1:" + port);
            assertThat(list.exitCode()).isZero();
            assertThat(list.out()).contains("org.example.broken").contains("INSTALLED")
                    .contains("needs package org.example.missing [1.0.0,2.0.0)");
            assertThat(runtime.stop()).as("Arrow bytes leaked").isZero();
        }
    }

    @Test
    void reelExtInstallsUpdatesAndRemovesAnExtensionOfARunningServer() throws Exception {
        Path extensionJar = extension("hello-transport");
        try (ReelRuntime runtime = ReelRuntime.start(config())) {
            String server = "127.0.0.1:" + runtime.endpoints().get("http").port();

            Run install = reel("ext", "install", "--server", server, extensionJar.toString());
            assertThat(install.exitCode()).as(install.err()).isZero();
            assertThat(install.out()).startsWith("installed dev.reel.examples.hello ").contains(": ACTIVE");
            assertThat(runtime.config().extensionsDir().resolve(extensionJar.getFileName())).exists();
            await("the platform starts the extension's transport", () -> runtime.endpoints().containsKey("hello"));
            assertThat(reel("ext", "install", "--server", server, extensionJar.toString()).exitCode())
                    .as("installing the same jar again").isZero();

            Run listed = reel("ext", "list", "--json", "--server", server);
            assertThat(new JsonArray(listed.out().trim())).singleElement()
                    .satisfies(e -> assertThat(((JsonObject) e).getString("state")).isEqualTo("ACTIVE"));

            Run notABundle = reel("ext", "install", "--server", server,
                    Files.writeString(temp.resolve("notes.jar"), "not a jar").toString());
            assertThat(notABundle.exitCode()).isEqualTo(2);
            assertThat(notABundle.err()).contains("notes.jar is not an OSGi bundle").contains("(not-a-bundle)");

            Run remove = reel("ext", "remove", "--server", server, "dev.reel.examples.hello");
            assertThat(remove.exitCode()).as(remove.err()).isZero();
            assertThat(remove.out()).startsWith("removed dev.reel.examples.hello");
            assertThat(runtime.config().extensionsDir().resolve(extensionJar.getFileName())).doesNotExist();
            assertThat(runtime.endpoints()).doesNotContainKey("hello");
            Run again = reel("ext", "remove", "--server", server, "dev.reel.examples.hello");
            assertThat(again.exitCode()).isEqualTo(2);
            assertThat(again.err()).contains("no extension named dev.reel.examples.hello");
            assertThat(runtime.stop()).as("Arrow bytes leaked").isZero();
        }
    }

    /** A bundle importing a package nobody exports and a version of Reel's API that does not exist. */
    private static void brokenBundle(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "org.example.broken");
        manifest.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        manifest.getMainAttributes().putValue("Import-Package",
                "org.example.missing;version=\"[1.0,2.0)\",dev.reel.api;version=\"[9.0,10)\"");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("README.txt"));
            out.write("a bundle that cannot resolve".getBytes(StandardCharsets.UTF_8));
        }
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run reel(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Reel.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
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
