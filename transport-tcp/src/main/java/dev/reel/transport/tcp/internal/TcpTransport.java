package dev.reel.transport.tcp.internal;

import dev.reel.api.spi.Endpoint;
import dev.reel.api.spi.Transport;
import dev.reel.api.spi.TransportContext;
import dev.reel.store.feed.StoreFeeds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Raw {@code .rrd} over TCP: producers send streams, subscribers receive the live pooled stream. */
final class TcpTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);

    private final StoreFeeds feeds;
    private Vertx vertx;
    /** The verticle's deployment from the moment start is called (so a second start fails) until stop; else null. */
    private Future<String> deployment;

    @Inject
    TcpTransport(StoreFeeds feeds) {
        this.feeds = feeds;
    }

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public synchronized Future<Endpoint> start(TransportContext context) {
        if (deployment != null) {
            return Future.failedFuture(new IllegalStateException("tcp transport already started"));
        }
        TcpSettings settings;
        try {
            settings = TcpSettings.from(context.settings());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        TcpVerticle verticle = new TcpVerticle(context.bindHost(), context.port(), settings, feeds);
        vertx = context.vertx();
        Future<String> deploying = vertx.deployVerticle(verticle);
        deployment = deploying;
        deploying.onFailure(e -> forget(deploying));
        return deploying.map(id -> {
            Endpoint endpoint = new Endpoint("tcp", context.bindHost(), verticle.actualPort());
            LOG.debug("raw .rrd TCP listening on {}", endpoint);
            return endpoint;
        });
    }

    @Override
    public synchronized Future<Void> stop() {
        if (deployment == null) {
            return Future.succeededFuture();
        }
        Future<String> deployed = deployment;
        Vertx deployedOn = vertx;
        deployment = null;
        return deployed.transform(done -> done.succeeded() ? deployedOn.undeploy(done.result())
                : Future.succeededFuture());
    }

    /** A start that failed leaves the transport stopped. */
    private synchronized void forget(Future<String> failed) {
        if (deployment == failed) {
            deployment = null;
        }
    }
}
