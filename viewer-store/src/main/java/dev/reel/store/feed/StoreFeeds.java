package dev.reel.store.feed;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.spi.TransportCodec;
import dev.reel.store.StoreHub;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Readers of the viewer store, wherever the data lives: on a node on its own this is a {@link StoreFollower} of
 * the local hub; in a cluster a reader on any node gets the recording from the node that owns it (and its
 * application's blueprints from theirs), or, reading everything, every node's stores, merged into one output.
 * The viewer-store bundle registers it as a service; transports use it for subscribers, downloads and the gRPC
 * proxy.
 */
@ProviderType
public interface StoreFeeds {
    /**
     * Starts a reader on the current Vert.x context (an event loop), as {@link StoreFollower#start} does: the
     * transport writes what comes before the first message, and learns through {@code onEnd}, once, that the
     * history was written (no error) or that the reader was dropped (an error).
     */
    StoreFeed follow(WriteStream<Buffer> output, Function<LogFrame, Buffer> framing, StoreFollower.Request request,
            String source, Consumer<Optional<String>> onEnd);

    /** Readers of one hub, on the Vert.x of the context each is started on: a node on its own, and tests. */
    static StoreFeeds local(StoreHub hub, TransportCodec codec) {
        return (output, framing, request, source, onEnd) -> {
            Context context = Vertx.currentContext();
            if (context == null) {
                throw new IllegalStateException("a reader starts on a Vert.x context");
            }
            return StoreFollower.start(context.owner(), hub, codec, output, framing, request, source, onEnd);
        };
    }
}
