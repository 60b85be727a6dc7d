package dev.reel.testing;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.ReelAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for the viewer store on {@link ReelAddresses#INGEST} in tests of a source (a transport, an
 * importer): records every frame that arrives, in order, and answers each request as the test says, e.g.
 * {@link #ACKNOWLEDGE}, or {@code message.fail(ReelAddresses.REFUSED, "bad-chunk: at byte 12: ...")} as the
 * store refuses a message. The Vert.x instance must have {@link dev.reel.api.bus.LogFrameMessageCodec}
 * registered for {@link LogFrame}. Close it to unregister.
 */
public final class IngestRecorder implements AutoCloseable {
    /** How the recorder answers a request: the frame and its index in arrival order (from 0). */
    @FunctionalInterface
    public interface Answer {
        void answer(Message<LogFrame> request, int index);
    }

    /** Acknowledges every frame at once, as the store does once a frame is stored. */
    public static final Answer ACKNOWLEDGE = (request, index) -> request.reply(null);

    private final List<LogFrame> frames = new ArrayList<>();
    private final MessageConsumer<LogFrame> consumer;

    private IngestRecorder(Vertx vertx, Answer answer) {
        consumer = vertx.eventBus().consumer(ReelAddresses.INGEST, request -> {
            int index;
            synchronized (frames) {
                index = frames.size();
                frames.add(request.body());
                frames.notifyAll();
            }
            answer.answer(request, index);
        });
    }

    /** Starts recording; returns once the consumer is registered. */
    public static IngestRecorder listen(Vertx vertx, Answer answer) {
        IngestRecorder recorder = new IngestRecorder(vertx, answer);
        Await.result(recorder.consumer.completion());
        return recorder;
    }

    /** The frames that arrived so far, in order. */
    public List<LogFrame> frames() {
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    /** Waits until at least {@code count} frames arrived and returns them all; fails the test after {@code timeout}. */
    public List<LogFrame> awaitFrames(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (frames) {
            while (frames.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " frames on " + ReelAddresses.INGEST + " within "
                            + timeout.toSeconds() + " s, got " + frames.size() + ": " + frames);
                }
                frames.wait(Math.max(1, left / 1_000_000));
            }
            return List.copyOf(frames);
        }
    }

    @Override
    public void close() {
        Await.result(consumer.unregister());
    }
}
