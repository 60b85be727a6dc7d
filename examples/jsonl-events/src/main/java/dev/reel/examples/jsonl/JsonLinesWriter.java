package dev.reel.examples.jsonl;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.ReelAddresses;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.MessageKind;
import dev.reel.api.spi.TransportCodec;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@link ReelAddresses#LOG} (every message the viewer store accepted, in order) and appends one JSON line
 * per chunk to a file. A worker verticle: its writes block, so they run on Vert.x's worker pool, one message
 * after another, never on an event loop. Undeploying it unregisters the consumer and closes the file.
 */
final class JsonLinesWriter extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesWriter.class);

    private final Path file;
    private final TransportCodec codec;
    private final BufferAllocator allocator;
    private final Clock clock;
    private BufferedWriter out;
    private MessageConsumer<LogFrame> consumer;
    private long written;

    JsonLinesWriter(Path file, TransportCodec codec, BufferAllocator allocator, Clock clock) {
        this.file = file;
        this.codec = codec;
        this.allocator = allocator;
        this.clock = clock;
    }

    @Override
    public void start(Promise<Void> started) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        consumer = vertx.eventBus().consumer(ReelAddresses.LOG, this::write);
        consumer.completion().onComplete(started);
    }

    private void write(Message<LogFrame> message) {
        LogFrame frame = message.body();
        if (frame.kind() != MessageKind.ARROW_MSG) {
            return;
        }
        long sequence = Long.parseLong(message.headers().get(ReelAddresses.SEQUENCE));
        try (LogMsg decoded = codec.decode(frame, allocator)) {
            if (decoded instanceof ArrowMsg chunk) {
                out.write(ChunkLine.of(frame, chunk, sequence, clock.instant()).encode());
                out.write('\n');
                out.flush();
                written++;
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the line of a chunk from {} to {}: {}", frame.source(), file, e.toString());
        }
    }

    @Override
    public void stop(Promise<Void> stopped) {
        MessageConsumer<LogFrame> closing = consumer;
        consumer = null;
        closing.unregister().onComplete(done -> {
            try {
                out.close();
                LOG.info("wrote {} chunk lines to {}", written, file);
                stopped.complete();
            } catch (IOException e) {
                stopped.fail(e);
            }
        });
    }
}
