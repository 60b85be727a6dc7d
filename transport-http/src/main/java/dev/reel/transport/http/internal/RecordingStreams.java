package dev.reel.transport.http.internal;

import dev.reel.api.ApplicationId;
import dev.reel.api.RecordingId;
import dev.reel.api.StoreId;
import dev.reel.api.StoreKind;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.spi.TransportCodec;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.RrdStreamDecoder;
import dev.reel.rrd.StoreAttribution;
import dev.reel.rrd.StreamHeader;
import dev.reel.store.feed.IngestWindow;
import dev.reel.store.feed.StoreFeed;
import dev.reel.store.feed.StoreFeeds;
import dev.reel.store.feed.StoreFollower;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recordings as {@code .rrd} streams over HTTP: {@code GET /api/recordings/{app}/{rec}.rrd} writes the pooled
 * recording (with its application's blueprints) through the hub's one export path, and with
 * {@code ?follow=true} stays open and goes on with what arrives; {@code POST /api/recordings} takes an
 * {@code .rrd} body, streamed into the store with backpressure (never buffered whole), and answers the store ids it
 * touched once the store acknowledged every message.
 */
final class RecordingStreams {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingStreams.class);
    static final String RRD_TYPE = "application/octet-stream";

    private final ClusterRecordings recordings;
    private final StoreFeeds feeds;
    private final TransportCodec codec;
    private final HttpSettings settings;

    RecordingStreams(ClusterRecordings recordings, StoreFeeds feeds, TransportCodec codec, HttpSettings settings) {
        this.recordings = recordings;
        this.feeds = feeds;
        this.codec = codec;
        this.settings = settings;
    }

    /** {@code GET /api/recordings/:applicationId/:recordingId}, where the last part is {@code <recordingId>.rrd}. */
    void download(RoutingContext context) {
        String application = context.pathParam("applicationId");
        String file = context.pathParam("recordingId");
        if (!file.endsWith(".rrd") || file.length() == ".rrd".length()) {
            ApiErrors.notFound(context);
            return;
        }
        StoreId id;
        try {
            id = new StoreId(StoreKind.RECORDING, ApplicationId.of(application),
                    RecordingId.of(file.substring(0, file.length() - ".rrd".length())));
        } catch (IllegalArgumentException e) {
            ApiErrors.send(context, 400, "bad-request", e.getMessage());
            return;
        }
        recordings.exists(context.vertx(), id).onComplete(exists -> {
            if (exists.failed()) {
                ApiErrors.send(context, 500, "internal", "cannot find " + id + ": " + exists.cause().getMessage());
            } else if (!exists.result()) {
                ApiErrors.send(context, 404, "not-found", "no recording " + id.applicationId().value() + "/"
                        + id.recordingId().value());
            } else {
                send(context, id);
            }
        });
    }

    private void send(RoutingContext context, StoreId id) {
        boolean follow = "true".equals(context.request().getParam("follow"));
        HttpServerResponse response = context.response()
                .setChunked(true)
                .putHeader("content-type", RRD_TYPE)
                .putHeader("cache-control", "no-store");
        response.write(Buffer.buffer(StreamHeader.written(Compression.LZ4).toBytes()));
        String source = "http " + context.request().remoteAddress() + " " + context.request().path();
        StoreFeed follower = feeds.follow(response, StoreFollower::rrdMessage, new StoreFollower.Request(Optional.of(id), follow,
                        settings.readerQueueBytes()), source, error -> {
                            if (error.isEmpty()) {
                                response.end();
                            } else {
                                response.reset(); // the reader sees a broken stream, never a short one as whole
                            }
                        });
        response.closeHandler(v -> follower.close());
    }

    /** {@code POST /api/recordings}: the body is an {@code .rrd} stream (one or several concatenated). */
    void upload(RoutingContext context) {
        HttpServerRequest request = context.request();
        String type = request.getHeader("content-type");
        if (type != null && !type.startsWith(RRD_TYPE) && !type.startsWith("application/x-rerun-rrd")) {
            ApiErrors.send(context, 415, "unsupported-media-type", "expected an .rrd body (content-type "
                    + RRD_TYPE + "), got " + type);
            return;
        }
        new Upload(context, "http upload " + request.remoteAddress()).start();
    }

    /** One upload: framing, attribution and the ingest window for the request's body. */
    private final class Upload implements IngestWindow.Listener {
        private final RoutingContext context;
        private final HttpServerRequest request;
        private final String source;
        private final RrdStreamDecoder decoder;
        private final StoreAttribution attribution;
        private final IngestWindow window;
        private final Set<StoreId> stores = new LinkedHashSet<>();
        private boolean ended;
        private boolean answered;

        Upload(RoutingContext context, String source) {
            this.context = context;
            this.request = context.request();
            this.source = source;
            this.decoder = new RrdStreamDecoder(source, settings.maxMessageBytes());
            this.attribution = new StoreAttribution(source);
            this.window = new IngestWindow(context.vertx(), settings.windowBytes(), this);
        }

        void start() {
            request.handler(this::received);
            request.endHandler(v -> ended());
            request.exceptionHandler(e -> LOG.warn("{}: {}", source, e.toString()));
        }

        private void received(Buffer bytes) {
            if (answered) {
                return;
            }
            try {
                // a view of Netty's buffer: the decoder copies each payload once, straight into its frame
                decoder.push(((BufferInternal) bytes).getByteBuf().nioBuffer(), this::send);
            } catch (RrdFormatException e) {
                refused(e.code(), e.getMessage());
            } catch (IOException e) {
                refused("io", e.toString());
            }
        }

        private void send(RrdFrame frame) throws RrdFormatException {
            Optional<LogFrame> message = attribution.attribute(frame);
            if (message.isPresent()) {
                stores.add(message.get().storeId());
                window.send(message.get());
            }
        }

        private void ended() {
            ended = true;
            if (answered) {
                return;
            }
            try {
                decoder.finish(this::send);
            } catch (RrdFormatException e) {
                refused(e.code(), e.getMessage());
                return;
            } catch (IOException e) {
                refused("io", e.toString());
                return;
            }
            if (decoder.position() == 0) {
                refused("empty", "the body is empty: expected an .rrd stream");
                return;
            }
            idle();
        }

        @Override
        public void pause() {
            request.pause();
        }

        @Override
        public void resume() {
            request.resume();
        }

        @Override
        public void idle() {
            if (ended && window.isIdle() && !answered) {
                answered = true;
                JsonArray touched = new JsonArray();
                stores.forEach(id -> touched.add(new JsonObject().put("kind", id.kind().toString())
                        .put("application_id", id.applicationId().value())
                        .put("recording_id", id.recordingId().value())));
                LOG.info("{}: upload complete: {} messages, {} bytes, {} stores", source, window.acknowledged(),
                        decoder.position(), stores.size());
                context.response().putHeader("content-type", "application/json").end(new JsonObject()
                        .put("messages", window.acknowledged()).put("bytes", decoder.position())
                        .put("stores", touched).encode());
            }
        }

        /** Answers the error at once; an unread rest of the body is not waited for: the connection closes. */
        @Override
        public void refused(String kind, String message) {
            if (answered) {
                return;
            }
            answered = true;
            LOG.warn("{}: refusing the upload after {} stored messages: {}: {}", source, window.acknowledged(), kind,
                    message);
            if (!ended) {
                context.response().putHeader("connection", "close");
                request.resume();
            }
            // a message over the size limit is the body's size problem (413); anything else is bad input
            ApiErrors.send(context, kind.equals(RrdFormatException.Kind.MESSAGE_TOO_LARGE.code()) ? 413 : 400, kind,
                    message + " (" + window.acknowledged() + " messages before it were stored)");
        }
    }
}
