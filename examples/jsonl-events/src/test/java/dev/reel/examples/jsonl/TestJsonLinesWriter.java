package dev.reel.examples.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.LogFrameMessageCodec;
import dev.reel.api.bus.ReelAddresses;
import dev.reel.rrd.RrdCodec;
import dev.reel.rrd.RrdStreamDecoder;
import dev.reel.rrd.StoreAttribution;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.testing.Await;
import dev.reel.testing.LeakCheckingAllocator;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The writer on a real Vert.x event bus, fed frames as the viewer store publishes them. */
class TestJsonLinesWriter {
    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path folder;

    private static List<LogFrame> frames() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder("jsonl_test").recordingId("run-1").logTime(false)
                .batching(new BatcherConfig(4, 1 << 20, Duration.ZERO)).to(out)) {
            for (int frame = 0; frame < 8; frame++) {
                rec.setTime("frame", frame);
                rec.log("arm/joint", Scalars.of(frame * 0.5));
            }
        }
        List<LogFrame> frames = new ArrayList<>();
        StoreAttribution attribution = new StoreAttribution("tcp 127.0.0.1:4000");
        RrdStreamDecoder decoder = new RrdStreamDecoder("test", Integer.MAX_VALUE);
        decoder.push(ByteBuffer.wrap(out.toByteArray()), f -> attribution.attribute(f).ifPresent(frames::add));
        decoder.finish(f -> attribution.attribute(f).ifPresent(frames::add));
        return frames;
    }

    private static void publish(Vertx vertx, List<LogFrame> frames) {
        for (int i = 0; i < frames.size(); i++) {
            vertx.eventBus().publish(ReelAddresses.LOG, frames.get(i),
                    new DeliveryOptions().addHeader(ReelAddresses.SEQUENCE, Integer.toString(i)));
        }
    }

    private static List<JsonObject> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).stream().map(JsonObject::new).toList() : List.of();
    }

    @Test
    void everyChunkStoredBecomesOneLineAndNothingIsHeardAfterUndeploy() throws Exception {
        Path file = folder.resolve("events/chunks.jsonl");
        Vertx vertx = Vertx.vertx();
        vertx.eventBus().registerDefaultCodec(LogFrame.class, new LogFrameMessageCodec());
        try {
            String deployment = Await.result(vertx.deployVerticle(new JsonLinesWriter(file, new RrdCodec(),
                    arrow.allocator(), Clock.fixed(NOW, ZoneOffset.UTC)),
                    new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)));
            List<LogFrame> frames = frames();
            publish(vertx, frames);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (lines(file).size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            List<JsonObject> lines = lines(file);
            assertThat(lines).hasSize(2);
            JsonObject first = lines.get(0);
            assertThat(first.getString("application_id")).isEqualTo("jsonl_test");
            assertThat(first.getString("recording_id")).isEqualTo("run-1");
            assertThat(first.getString("entity_path")).isEqualTo("/arm/joint");
            assertThat(first.getString("source")).isEqualTo("tcp 127.0.0.1:4000");
            assertThat(first.getString("received")).isEqualTo("2026-12-03T08:00:00Z");
            assertThat(first.getInteger("rows")).isEqualTo(4);
            assertThat(first.getJsonObject("timelines").getJsonObject("frame"))
                    .isEqualTo(new JsonObject().put("type", "sequence").put("min", 0).put("max", 3));
            assertThat(first.getJsonArray("components").getList()).containsExactly("Scalars:scalars");
            assertThat(lines.get(1).getLong("sequence")).isGreaterThan(first.getLong("sequence"));

            Await.result(vertx.undeploy(deployment));
            publish(vertx, frames);
            Thread.sleep(200);
            assertThat(lines(file)).as("no consumer is left on the bus").hasSize(2);
        } finally {
            Await.result(vertx.close());
        }
    }
}
