package dev.reel.distribution;

import static dev.reel.distribution.ReelRuntimeIT.await;
import static dev.reel.distribution.ReelRuntimeIT.extension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.spi.RecordingCodec;
import dev.reel.distribution.runtime.ReelRuntime;
import dev.reel.distribution.runtime.RuntimeConfig;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The example extensions in the real Felix runtime, as a third party would use them: dropped into
 * {@code extensions/}, used (a {@code .csv} registered into a dataset through the HTTP API, chunks sent over TCP
 * followed into a JSON-lines file), updated to a new version, removed, and nothing they held left behind: no
 * Arrow memory, no event-bus consumer, no thread, not even their class loaders.
 */
class ExtensionLifecycleIT {
    private static final String CSV = "dev.reel.examples.csv";
    private static final String JSONL = "dev.reel.examples.jsonl";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path temp;

    private RuntimeConfig config() {
        return new RuntimeConfig(RunningReel.DIST.resolve("bundles"), temp.resolve("extensions"),
                temp.resolve("data"), "127.0.0.1", Map.of("http", 0, "tcp", 0), Set.of("http", "tcp"), Map.of(),
                Duration.ofSeconds(30));
    }

    @Test
    void csvAndJsonLinesExtensionsAreInstalledUsedUpdatedAndRemovedLeavingNothingBehind() throws Exception {
        try (ReelRuntime runtime = ReelRuntime.start(config())) {
            URI api = URI.create("http://127.0.0.1:" + runtime.endpoints().get("http").port());
            int tcp = runtime.endpoints().get("tcp").port();
            Path extensions = runtime.config().extensionsDir();
            Path data = runtime.config().dataDir();
            BufferAllocator platformMemory = service(runtime, BufferAllocator.class);

            Files.copy(extension("csv-importer"), extensions.resolve("csv-importer.jar"));
            Files.copy(extension("jsonl-events"), extensions.resolve("jsonl-events.jar"));
            await("both extensions run", () -> state(runtime, CSV) == Bundle.ACTIVE
                    && state(runtime, JSONL) == Bundle.ACTIVE);
            await("the CSV codec is a service", () -> codecs(runtime).contains("csv"));

            // the catalog registers a .csv with the extension's codec
            Files.createDirectories(data.resolve("imports"));
            Files.writeString(data.resolve("imports/arm.csv"), """
                    # application_id: robot_arm
                    time,arm/joint1,arm/joint2
                    2025-06-01T12:00:00Z,0.10,0.20
                    2025-06-01T12:00:01Z,0.15,0.25
                    """);
            assertThat(post(api.resolve("/api/datasets"), new JsonObject().put("name", "arms")).statusCode())
                    .isEqualTo(201);
            JsonArray registered = register(api, data.resolve("imports/arm.csv"));
            assertThat(registered.getJsonObject(0).getString("status")).isEqualTo("registered");
            assertThat(registered.getJsonObject(0).getString("rerun_segment_id")).isEqualTo("arm");
            JsonArray segments = new JsonArray(get(api.resolve("/api/datasets/arms/segments")).body());
            assertThat(segments.getJsonObject(0).getLong("rerun_num_chunks")).isEqualTo(2);

            // the JSON-lines consumer follows what the store accepts
            Path lines = data.resolve("events/chunks.jsonl");
            assertThat(RunningReel.sendOverTcp(tcp, recording("watched", 6))).startsWith("OK ");
            await("a line per chunk", () -> lineCount(lines) >= 1);
            JsonObject line = new JsonObject(Files.readAllLines(lines).get(0));
            assertThat(line.getString("application_id")).isEqualTo("watched");
            assertThat(line.getString("source")).startsWith("tcp ");

            // its configuration, dropped in beside it, applies without a restart
            Path elsewhere = temp.resolve("elsewhere/chunks.jsonl");
            Files.writeString(extensions.resolve("dev.reel.examples.jsonl.cfg"), "file = " + elsewhere + "\n");
            await("the consumer writes where it is configured to", () -> {
                try {
                    RunningReel.sendOverTcp(tcp, recording("configured", 3));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return lineCount(elsewhere) >= 1;
            });
            assertThat(new JsonObject(Files.readAllLines(elsewhere).get(0)).getString("application_id"))
                    .isEqualTo("configured");

            // an update: the same file name, a new version
            Bundle before = bundle(runtime, CSV).orElseThrow();
            Path updated = temp.resolve("csv-importer-2.jar");
            withVersion(extension("csv-importer"), updated, "0.2.0");
            Files.move(updated, extensions.resolve("csv-importer.jar"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            await("the new version runs", () -> bundle(runtime, CSV)
                    .filter(b -> b.getVersion().toString().equals("0.2.0") && b.getState() == Bundle.ACTIVE)
                    .isPresent());
            assertThat(bundle(runtime, CSV).orElseThrow().getBundleId()).isEqualTo(before.getBundleId());
            await("the codec is back", () -> codecs(runtime).contains("csv"));
            Files.writeString(data.resolve("imports/arm2.csv"), "time,arm/joint1\n0,1\n1,2\n");
            assertThat(register(api, data.resolve("imports/arm2.csv")).getJsonObject(0).getString("status"))
                    .isEqualTo("registered");

            // removal: everything the extensions held goes with them
            List<WeakReference<ClassLoader>> loaders = Stream.of(CSV, JSONL)
                    .map(name -> new WeakReference<>(bundle(runtime, name).orElseThrow()
                            .adapt(BundleWiring.class).getClassLoader()))
                    .toList();
            Files.delete(extensions.resolve("csv-importer.jar"));
            Files.delete(extensions.resolve("jsonl-events.jar"));
            await("both are uninstalled", () -> bundle(runtime, CSV).isEmpty() && bundle(runtime, JSONL).isEmpty());
            assertThat(codecs(runtime)).doesNotContain("csv");

            assertThat(platformMemory.getChildAllocators()).extracting(BufferAllocator::getName)
                    .doesNotContain("jsonl-events");
            long linesBefore = lineCount(elsewhere);
            assertThat(RunningReel.sendOverTcp(tcp, recording("unwatched", 6))).startsWith("OK ");
            Thread.sleep(300);
            assertThat(lineCount(elsewhere)).as("no consumer of the removed extension hears new chunks")
                    .isEqualTo(linesBefore);
            Files.writeString(data.resolve("imports/arm3.csv"), "time,x\n0,1\n");
            assertThat(register(api, data.resolve("imports/arm3.csv")).getJsonObject(0).getString("status"))
                    .as("the catalog no longer reads .csv").isEqualTo("failed");
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> loaders.stream()
                    .anyMatch(loader -> loader.get() != null && thread.getContextClassLoader() == loader.get()));
            for (int i = 0; i < 50 && loaders.stream().anyMatch(l -> l.get() != null); i++) {
                System.gc();
                Thread.sleep(100);
            }
            assertThat(loaders).as("the extensions' class loaders are collected: nothing references their classes")
                    .allMatch(loader -> loader.get() == null);
            assertThat(runtime.stop()).as("Arrow bytes leaked").isZero();
        }
    }

    private static <T> T service(ReelRuntime runtime, Class<T> type) {
        return runtime.bundleContext().getService(runtime.bundleContext().getServiceReference(type));
    }

    private static List<String> codecs(ReelRuntime runtime) {
        try {
            return Stream.ofNullable(runtime.bundleContext().getServiceReferences(RecordingCodec.class.getName(),
                    null)).flatMap(Stream::of).map(r -> String.valueOf(r.getProperty("reel.name"))).toList();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Bundle> bundle(ReelRuntime runtime, String name) {
        return Stream.of(runtime.bundleContext().getBundles()).filter(b -> name.equals(b.getSymbolicName()))
                .findFirst();
    }

    private static int state(ReelRuntime runtime, String name) {
        return bundle(runtime, name).map(Bundle::getState).orElse(0);
    }

    private static long lineCount(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** A copy of the jar with another {@code Bundle-Version}. */
    private static void withVersion(Path jar, Path target, String version) throws IOException {
        try (JarFile in = new JarFile(jar.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest)) {
                for (JarEntry entry : java.util.Collections.list(in.entries())) {
                    if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream content = in.getInputStream(entry)) {
                        content.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
    }

    private static byte[] recording(String application, int rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder(application).recordingId("r").to(out)) {
            for (int i = 0; i < rows; i++) {
                rec.setTime("frame", i);
                rec.log("value", Scalars.of(i));
            }
        }
        return out.toByteArray();
    }


    private JsonArray register(URI api, Path file) throws Exception {
        HttpResponse<String> response = post(api.resolve("/api/datasets/arms/register"),
                new JsonObject().put("uris", new JsonArray().add(file.toString())));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonArray(response.body());
    }

    private HttpResponse<String> post(URI uri, JsonObject body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
