package dev.reel.transport.http.internal;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;

/**
 * {@code GET /api/metrics}: the platform's meters in Prometheus' text format (version 0.0.4), scraped off the
 * event loop: Reel's own ({@code reel_ingest_*}, {@code reel_store_*}, {@code reel_catalog_*}), Vert.x's (HTTP
 * requests by route, TCP bytes) and the JVM's and process's.
 */
final class MetricsHandler implements Handler<RoutingContext> {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    @Inject
    MetricsHandler(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(RoutingContext context) {
        context.vertx().executeBlocking(registry::scrape, false)
                .onSuccess(text -> context.response().putHeader("content-type", CONTENT_TYPE).end(text))
                .onFailure(context::fail);
    }
}
