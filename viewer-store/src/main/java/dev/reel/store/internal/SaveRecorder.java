package dev.reel.store.internal;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.ReelAddresses;
import dev.reel.rrd.RrdEncoder;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every message the store accepts, from any source, to one {@code .rrd} file, in the order accepted
 * (Rerun's {@code --save}). It follows the live log, so it may trail the store by a few messages; flushed after
 * every message so that a crash loses at most the messages not yet written. The journal, not this file, is what
 * makes acknowledged data durable.
 */
final class SaveRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SaveRecorder.class);

    private final Path file;
    private final RrdEncoder encoder;
    private final MessageConsumer<LogFrame> consumer;
    private long messages;

    private SaveRecorder(Vertx vertx, Path file) throws IOException {
        this.file = file;
        this.encoder = new RrdEncoder(Files.newOutputStream(file));
        encoder.flush();
        this.consumer = vertx.eventBus().consumer(ReelAddresses.LOG, message -> write(message.body()));
    }

    static SaveRecorder start(Vertx vertx, Path file) throws IOException {
        LOG.info("saving everything received to {}", file);
        return new SaveRecorder(vertx, file);
    }

    private synchronized void write(LogFrame frame) {
        try {
            encoder.write(frame);
            encoder.flush();
            messages++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + file, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        consumer.unregister();
        encoder.close();
        LOG.info("saved {} messages to {}", messages, file);
    }
}
