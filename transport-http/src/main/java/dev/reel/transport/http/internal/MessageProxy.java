package dev.reel.transport.http.internal;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.spi.TransportCodec;
import dev.reel.rrd.GrpcLogMsg;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.StoreAttribution;
import dev.reel.store.feed.IngestWindow;
import dev.reel.store.feed.StoreFeed;
import dev.reel.store.feed.StoreFeeds;
import dev.reel.store.feed.StoreFollower;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rerun's SDK-to-viewer proxy, {@code rerun.sdk_comms.v1alpha1.MessageProxyService} (rerun-rrd-format.md §7.1),
 * on the HTTP port as native gRPC and gRPC-web: {@code WriteMessages} streams an SDK's messages into the store
 * (what {@code rr.connect_grpc()} does), with the same attribution and backpressure as every other source;
 * {@code ReadMessages} gives a viewer the store's history in Rerun's order, then live messages, through the hub's
 * one export path. Messages are handled as bytes ({@link GrpcLogMsg}): payloads pass through unparsed. Calls Reel
 * does not serve answer {@code UNIMPLEMENTED} at once.
 */
final class MessageProxy {
    static final String SERVICE = "rerun.sdk_comms.v1alpha1.MessageProxyService";
    private static final Logger LOG = LoggerFactory.getLogger(MessageProxy.class);

    private final Vertx vertx;
    private final StoreFeeds feeds;
    private final TransportCodec codec;
    private final HttpSettings settings;

    MessageProxy(Vertx vertx, StoreFeeds feeds, TransportCodec codec, HttpSettings settings) {
        this.vertx = vertx;
        this.feeds = feeds;
        this.codec = codec;
        this.settings = settings;
    }

    /** Any gRPC call that reaches the HTTP port. */
    void handle(GrpcServerRequest<Buffer, Buffer> call) {
        switch (call.fullMethodName()) {
            case SERVICE + "/WriteMessages" -> new Writer(call).start();
            case SERVICE + "/ReadMessages" -> read(call);
            default -> {
                if (call.fullMethodName().startsWith("opentelemetry.")) {
                    // Rerun's web viewer exports its traces to the server it reads from
                    LOG.debug("gRPC {}: not served", call.fullMethodName());
                } else {
                    LOG.info("gRPC {}: not served", call.fullMethodName());
                }
                call.handler(ignored -> { });
                call.response().status(GrpcStatus.UNIMPLEMENTED)
                        .statusMessage("Reel does not serve " + call.fullMethodName()).end();
            }
        }
    }

    private void read(GrpcServerRequest<Buffer, Buffer> call) {
        String source = "gRPC reader " + call.connection().remoteAddress();
        GrpcServerResponse<Buffer, Buffer> response = call.response();
        call.handler(ignored -> { }); // ReadMessagesRequest has no fields
        call.endHandler(v -> {
            StoreFeed follower = feeds.follow(response, frame -> Buffer.buffer(GrpcLogMsg.wrap(frame)),
                    new StoreFollower.Request(Optional.empty(), true, settings.readerQueueBytes()), source,
                    error -> response.status(GrpcStatus.RESOURCE_EXHAUSTED)
                            .statusMessage(error.orElse("the reader is done")).end());
            response.exceptionHandler(e -> {
                LOG.debug("{}: {}", source, e.toString());
                follower.close();
            });
            call.errorHandler(e -> follower.close());
        });
    }

    /** One {@code WriteMessages} call: every message unwrapped, attributed and sent to the store in order. */
    private final class Writer implements IngestWindow.Listener {
        private final GrpcServerRequest<Buffer, Buffer> call;
        private final String source;
        private final StoreAttribution attribution;
        private final IngestWindow window;
        private long received;
        private boolean ended;
        private boolean answered;

        Writer(GrpcServerRequest<Buffer, Buffer> call) {
            this.call = call;
            this.source = "gRPC writer " + call.connection().remoteAddress();
            this.attribution = new StoreAttribution(source);
            this.window = new IngestWindow(vertx, settings.windowBytes(), this);
        }

        void start() {
            LOG.info("{}: writing", source);
            call.handler(this::received);
            call.endHandler(v -> {
                ended = true;
                idle();
            });
            call.errorHandler(error -> {
                answered = true;
                LOG.info("{}: the writer went away ({}) after {} messages", source, error, window.acknowledged());
            });
        }

        private void received(Buffer message) {
            if (answered) {
                return;
            }
            try {
                Optional<LogFrame> frame = attribution.attribute(GrpcLogMsg.unwrap(message.getBytes(), source,
                        received++));
                frame.ifPresent(window::send);
            } catch (RrdFormatException e) {
                refused(e.code(), e.getMessage());
            }
        }

        @Override
        public void pause() {
            call.pause();
        }

        @Override
        public void resume() {
            call.resume();
        }

        @Override
        public void idle() {
            if (ended && window.isIdle() && !answered) {
                answered = true;
                LOG.info("{}: done: {} messages", source, window.acknowledged());
                call.response().end(Buffer.buffer()); // an empty WriteMessagesResponse
            }
        }

        @Override
        public void refused(String kind, String message) {
            if (answered) {
                return;
            }
            answered = true;
            LOG.warn("{}: refusing the stream after {} stored messages: {}: {}", source, window.acknowledged(), kind,
                    message);
            call.resume();
            call.response().status(GrpcStatus.INVALID_ARGUMENT).statusMessage(kind + ": " + message).end();
        }
    }
}
