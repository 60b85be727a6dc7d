package dev.reel.transport.http.internal;

import dev.reel.api.spi.Endpoint;
import dev.reel.api.spi.RecordingCodec;
import dev.reel.api.spi.Transport;
import dev.reel.api.spi.TransportCodec;
import dev.reel.api.spi.TransportContext;
import dev.reel.store.feed.StoreFeeds;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reel's HTTP face on one port: the REST API under {@code /api} (recordings as {@code .rrd} streams both ways, the
 * catalog under {@code /api/datasets}), Rerun's gRPC proxy service and Rerun's Data Platform API over the catalog,
 * both native gRPC and gRPC-web.
 */
final class HttpTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);


    /** The HTTP/2 flow-control window of each stream, in bytes. */
    static final int HTTP2_STREAM_WINDOW = 1 << 20;

    /** A gRPC method's path: {@code /<package>.<Service>/<Method>}. */
    static final String GRPC_PATH = "/[A-Za-z_][\\w.]*\\.[A-Za-z_]\\w*/\\w+";

    private final HealthHandler health;
    private final ExtensionRoutes extensions;
    private final MetricsHandler metrics;
    private final RecordingsHandler recordings;
    private final RecordingDeletion deletion;
    private final DatasetRoutes datasets;
    private final ClusterRecordings clusterRecordings;
    private final StoreFeeds feeds;
    private final TransportCodec codec;
    private final RecordingCodec recordingCodec;
    private final CatalogCalls catalogs;
    private final BufferAllocator allocator;
    private HttpServer server;
    private List<MessageConsumer<?>> clusterAnswers = List.of();

    @Inject
    HttpTransport(HealthHandler health, ExtensionRoutes extensions, MetricsHandler metrics, RecordingsHandler recordings,
            RecordingDeletion deletion, DatasetRoutes datasets, ClusterRecordings clusterRecordings, StoreFeeds feeds, TransportCodec codec, RecordingCodec recordingCodec,
            CatalogCalls catalogs, BufferAllocator allocator) {
        this.health = health;
        this.extensions = extensions;
        this.metrics = metrics;
        this.recordings = recordings;
        this.deletion = deletion;
        this.datasets = datasets;
        this.clusterRecordings = clusterRecordings;
        this.feeds = feeds;
        this.codec = codec;
        this.recordingCodec = recordingCodec;
        this.catalogs = catalogs;
        this.allocator = allocator;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public synchronized Future<Endpoint> start(TransportContext context) {
        if (server != null) {
            return Future.failedFuture(new IllegalStateException("http transport already started"));
        }
        HttpSettings settings;
        try {
            settings = HttpSettings.from(context.settings());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        Router router = router(context.vertx(), settings);
        HttpServer created = context.vertx().createHttpServer(new HttpServerOptions()
                .setHost(context.bindHost())
                .setPort(context.port())
                // native gRPC is HTTP/2 without TLS (h2c), as Rerun's SDKs speak it
                .setHttp2ClearTextEnabled(true)
                // HTTP/2's default 64 KiB windows make a writer of megabyte messages wait for a window update
                // every 64 KiB; the ingest window (reel.transport.http.window-bytes) still bounds what is in flight
                .setInitialSettings(new Http2Settings().setInitialWindowSize(HTTP2_STREAM_WINDOW))
                .setHttp2ConnectionWindowSize(4 * HTTP2_STREAM_WINDOW));
        server = created;
        clusterAnswers = clusterRecordings.listen(context.vertx());
        return created.requestHandler(router).listen().onFailure(e -> forget(created)).map(bound -> {
            Endpoint endpoint = new Endpoint("http", context.bindHost(), bound.actualPort());
            LOG.debug("HTTP API listening on {}", endpoint);
            return endpoint;
        });
    }

    @Override
    public synchronized Future<Void> stop() {
        if (server == null) {
            return Future.succeededFuture();
        }
        HttpServer closing = server;
        server = null;
        clusterAnswers.forEach(MessageConsumer::unregister);
        clusterAnswers = List.of();
        return closing.close();
    }

    /** Every route of the port: gRPC, then CORS and the token check, then the REST API. */
    Router router(Vertx vertx, HttpSettings settings) {
        RecordingStreams streams = new RecordingStreams(clusterRecordings, feeds, codec, settings);
        MessageProxy proxy = new MessageProxy(vertx, feeds, codec, settings);
        DataPlatform platform = new DataPlatform(vertx, catalogs, recordingCodec, allocator,
                settings.tokens());
        GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions()
                .setMaxMessageSize(settings.maxMessageBytes()))
                .callHandler(call -> {
                    if (call.fullMethodName().startsWith(DataPlatform.SERVICE + "/")) {
                        platform.handle(call);
                    } else {
                        proxy.handle(call);
                    }
                });
        Router router = Router.router(vertx);
        // gRPC (native HTTP/2 and gRPC-web) on the same port: paths are /<package>.<Service>/<Method>. The Rerun
        // web viewer calls gRPC-web from its page's origin: loopback origins may, with gRPC-web's headers.
        router.routeWithRegex(GRPC_PATH).handler(cors(settings)
                .allowedMethods(Set.of(HttpMethod.POST))
                .allowedHeaders(Set.of("content-type", "accept", "x-grpc-web", "x-user-agent", "grpc-timeout",
                        "authorization", "x-rerun-client-version", DataPlatform.ENTRY_ID_HEADER,
                        DataPlatform.ENTRY_NAME_HEADER))
                .exposedHeaders(Set.of("grpc-status", "grpc-message")));
        // Pages served from another loopback port (the Rerun web viewer opening a segment download) may read the
        // API; other origins may not: a web page must not reach a local server's data. (A route without a path,
        // so that the request metrics' route label is the endpoint's own path alone.)
        CorsHandler api = cors(settings)
                .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
                        HttpMethod.DELETE))
                .allowedHeaders(Set.of("content-type", "accept", "authorization"))
                .exposedHeaders(Set.of("content-disposition"));
        router.route().handler(routing -> {
            if (routing.normalizedPath().startsWith("/api/")) {
                api.handle(routing);
            } else {
                routing.next();
            }
        });
        AccessCheck access = new AccessCheck(settings.tokens());
        router.route().handler(access::handle);
        router.routeWithRegex(GRPC_PATH).handler(routing -> grpc.handle(routing.request()));
        router.get("/api/health").handler(health);
        router.get("/api/metrics").handler(metrics);
        router.get("/api/openapi.json").handler(ApiDescription::send);
        router.get("/api/recordings").handler(recordings);
        router.post("/api/recordings").handler(streams::upload);
        router.get("/api/recordings/:applicationId/:recordingId").handler(streams::download);
        router.delete("/api/recordings/:applicationId/:recordingId").handler(deletion);
        datasets.mount(router);
        extensions.mount(router, settings.tokens());
        if (settings.webPage()) {
            new WebPage(settings.webViewerDir()).mount(router);
        }
        router.errorHandler(404, ApiErrors::notFound);
        router.errorHandler(405, ApiErrors::methodNotAllowed);
        return router;
    }

    /** CORS for the configured origins (loopback by default). */
    private static CorsHandler cors(HttpSettings settings) {
        CorsHandler cors = CorsHandler.create();
        settings.corsOrigins().forEach(cors::addOriginWithRegex);
        return cors;
    }

    /** A start that could not bind leaves the transport stopped. */
    private synchronized void forget(HttpServer failed) {
        if (server == failed) {
            server = null;
        }
    }
}
