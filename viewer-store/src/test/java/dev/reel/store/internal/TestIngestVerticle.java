package dev.reel.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.store.hub.StoreHubs;
import dev.reel.api.StoreId;
import dev.reel.api.Timeline;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.LogFrameMessageCodec;
import dev.reel.api.bus.ReelAddresses;
import dev.reel.rrd.RrdCodec;
import dev.reel.rrd.RrdEnvelope;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.RrdStreamDecoder;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.EncodedImage;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.testing.LeakCheckingAllocator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ingest verticle decodes large frames on the worker pool while it stores others, and still stores and
 * republishes every frame in the order it arrived.
 */
class TestIngestVerticle {
    private static final Timeline FRAME = Timeline.sequence("frame");

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @Test
    void framesOfMixedSizesAreStoredAndRepublishedInArrivalOrder() throws Exception {
        List<LogFrame> frames = frames(40);
        assertThat(frames.stream().filter(f -> f.size() >= IngestVerticle.PARALLEL_DECODE_BYTES))
                .as("some frames are decoded in parallel").hasSizeGreaterThan(10);
        Vertx vertx = Vertx.vertx();
        vertx.eventBus().registerDefaultCodec(LogFrame.class, new LogFrameMessageCodec());
        try (StoreHub hub = StoreHubs.inMemory(StoreHubConfig.defaults(), arrow.allocator())) {
            List<LogFrame> republished = new CopyOnWriteArrayList<>();
            vertx.eventBus().<LogFrame>consumer(ReelAddresses.LOG, m -> republished.add(m.body()));
            String deployment = ingest(vertx, hub, frames);
            // the LOG consumer runs on an event loop: give it the last publications
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (republished.size() < frames.size() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }

            assertThat(republished).extracting(LogFrame::payload)
                    .containsExactlyElementsOf(frames.stream().map(LogFrame::payload).toList());
            StoreId id = frames.get(0).storeId();
            var stats = hub.store(id).orElseThrow().stats();
            assertThat(stats.rows()).isEqualTo(frames.size() - 1);
            assertThat(stats.timelines().get(FRAME).max()).isEqualTo(frames.size() - 2);
            vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** A store info, then one chunk per frame: a 1 MB image every third frame, a scalar otherwise. */
    private static List<LogFrame> frames(int rows) throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream stream = RecordingStream.builder("ingest_test").recordingId("mixed")
                .batching(BatcherConfig.NONE).to(out)) {
            for (int i = 0; i < rows; i++) {
                stream.setTime(FRAME.name(), i);
                if (i % 3 == 0) {
                    byte[] image = new byte[1 << 20];
                    random.nextBytes(image);
                    stream.log("camera", EncodedImage.of(image, "image/jpeg"));
                } else {
                    stream.log("signal", Scalars.of(i));
                }
            }
        }
        return JournalFrames.frames(out.toByteArray());
    }

    /** Deploys the verticle on the hub and sends it the frames; returns when every one is acknowledged. */
    private String ingest(Vertx vertx, StoreHub hub, List<LogFrame> frames) throws Exception {
        String deployment = vertx.deployVerticle(new IngestVerticle(hub, new RrdCodec(), arrow.allocator()),
                new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        List<Future<?>> replies = new ArrayList<>();
        for (LogFrame frame : frames) {
            replies.add(vertx.eventBus().request(ReelAddresses.INGEST, frame));
        }
        Future.all(replies).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return deployment;
    }

    @Test
    void theMetersCountWhatEachTransportBroughtAndWhatWasRefusedAndGoAwayOnClose() throws Exception {
        List<LogFrame> frames = JournalFrames.recording("metered", "r1", 20, true).stream()
                .map(f -> new LogFrame("tcp 127.0.0.1:5555", f.offset(), f.kind(), f.storeId(), f.isStatic(),
                        f.payload()))
                .toList();
        LogFrame first = frames.get(1);
        LogFrame garbage = new LogFrame("gRPC writer", 0, first.kind(), first.storeId(), false, new byte[] {1, 2, 3});
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Vertx vertx = Vertx.vertx();
        vertx.eventBus().registerDefaultCodec(LogFrame.class, new LogFrameMessageCodec());
        try (StoreHub hub = StoreHubs.inMemory(StoreHubConfig.defaults(), arrow.allocator());
                StoreMetrics metrics = new StoreMetrics(registry)) {
            vertx.deployVerticle(new IngestVerticle(hub, new RrdCodec(), arrow.allocator(), null,
                    JournalSettings.Fsync.DEFAULT, metrics.bind(hub), ReelAddresses.INGEST),
                    new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            for (LogFrame frame : frames) {
                vertx.eventBus().request(ReelAddresses.INGEST, frame)
                        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            Throwable refused = vertx.eventBus().request(ReelAddresses.INGEST, garbage)
                    .toCompletionStage().toCompletableFuture().handle((ok, e) -> e).get(10, TimeUnit.SECONDS);
            assertThat(refused).isNotNull();

            assertThat(registry.get("reel.ingest.messages").tag("transport", "tcp").counter().count())
                    .isEqualTo(frames.size());
            assertThat(registry.get("reel.ingest.bytes").tag("transport", "tcp").counter().count())
                    .isEqualTo(frames.stream().mapToLong(LogFrame::size).sum());
            assertThat(registry.get("reel.ingest.refused").tag("transport", "tcp").counter().count()).isZero();
            assertThat(registry.get("reel.ingest.refused").tag("transport", "grpc").counter().count()).isEqualTo(1);
            assertThat(registry.get("reel.store.stores").tag("kind", "recording").gauge().value()).isEqualTo(1);
            // the blueprint sent as default and active: the default, and the active one cloned from it
            assertThat(registry.get("reel.store.stores").tag("kind", "blueprint").gauge().value()).isEqualTo(2);
            assertThat(registry.get("reel.store.memory.used").gauge().value())
                    .isEqualTo(hub.memory().usedBytes()).isPositive();

            metrics.close();
            assertThat(registry.getMeters()).isEmpty();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theStoreIdOnTheFrameIsTrustedOverThePayload() throws Exception {
        // frames of a 0.24-era stream as a source attributed them: payloads that name no application
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream stream = RecordingStream.builder("legacy_app").recordingId("legacy").to(out)) {
            for (int i = 0; i < 10; i++) {
                stream.setTime(FRAME.name(), i);
                stream.log("signal", Scalars.of(i));
            }
        }
        byte[] legacy = dev.reel.testing.LegacyFraming.of(out.toByteArray());
        List<LogFrame> frames = new ArrayList<>();
        RrdStreamDecoder decoder = new RrdStreamDecoder("test", Long.MAX_VALUE);
        StoreId id = StoreId.recording("legacy_app", "legacy");
        decoder.push(ByteBuffer.wrap(legacy), frame -> frames.add(new LogFrame("test", frame.offset(),
                frame.messageKind(), id, false, frame.payload())));
        assertThat(frames).extracting(f -> RrdEnvelope.read(new RrdFrame(f.offset(), f.kind().number(), f.payload()),
                "test").namesApplication()).containsOnly(false, true).contains(false);
        Vertx vertx = Vertx.vertx();
        vertx.eventBus().registerDefaultCodec(LogFrame.class, new LogFrameMessageCodec());
        try (StoreHub hub = StoreHubs.inMemory(StoreHubConfig.defaults(), arrow.allocator())) {
            ingest(vertx, hub, frames);
            assertThat(hub.store(id).orElseThrow().stats().rows()).isEqualTo(10);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
