package dev.reel.transport.http.internal;

import dev.reel.api.spi.Endpoint;
import dev.reel.api.spi.Transport;
import dev.reel.api.spi.TransportContext;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.Set;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reel's HTTP face: the REST API under {@code /api}, the catalog under {@code /api/datasets}. */
final class HttpTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

    /** {@code http://127.0.0.1:PORT}, {@code http://localhost:PORT}, {@code http://[::1]:PORT}. */
    static final String LOOPBACK_ORIGIN = "https?://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:\\d{1,5})?";

    private final HealthHandler health;
    private final RecordingsHandler recordings;
    private final RecordingDeletion deletion;
    private final DatasetRoutes datasets;
    private HttpServer server;

    @Inject
    HttpTransport(HealthHandler health, RecordingsHandler recordings, RecordingDeletion deletion,
            DatasetRoutes datasets) {
        this.health = health;
        this.recordings = recordings;
        this.deletion = deletion;
        this.datasets = datasets;
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
        Router router = Router.router(context.vertx());
        // Pages served from another loopback port (the Rerun web viewer opening a segment download) may read the
        // API; other origins may not: a web page must not reach a local server's data.
        router.route("/api/*").handler(CorsHandler.create()
                .addOriginWithRegex(LOOPBACK_ORIGIN)
                .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST))
                .allowedHeaders(Set.of("content-type", "accept"))
                .exposedHeaders(Set.of("content-disposition")));
        router.get("/api/health").handler(health);
        router.get("/api/recordings").handler(recordings);
        router.delete("/api/recordings/:applicationId/:recordingId").handler(deletion);
        datasets.mount(router);
        router.errorHandler(404, ApiErrors::notFound);
        router.errorHandler(405, ApiErrors::methodNotAllowed);
        HttpServer created = context.vertx().createHttpServer(new HttpServerOptions()
                .setHost(context.bindHost())
                .setPort(context.port()));
        server = created;
        return created.requestHandler(router).listen().onFailure(e -> forget(created)).map(bound -> {
            Endpoint endpoint = new Endpoint("http", context.bindHost(), bound.actualPort());
            LOG.info("HTTP API listening on {}", endpoint);
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
        return closing.close();
    }

    /** A start that could not bind leaves the transport stopped. */
    private synchronized void forget(HttpServer failed) {
        if (server == failed) {
            server = null;
        }
    }
}
