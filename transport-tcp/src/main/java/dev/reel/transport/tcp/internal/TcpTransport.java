package dev.reel.transport.tcp.internal;

import dev.reel.api.spi.Endpoint;
import dev.reel.api.spi.Transport;
import dev.reel.api.spi.TransportCodec;
import dev.reel.api.spi.TransportContext;
import dev.reel.store.StoreHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Raw {@code .rrd} over TCP: producers send streams, subscribers receive the live pooled stream. */
final class TcpTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);

    private final StoreHub hub;
    private final TransportCodec codec;
    private Vertx vertx;
    private String deployment;

    @Inject
    TcpTransport(StoreHub hub, TransportCodec codec) {
        this.hub = hub;
        this.codec = codec;
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
        TcpVerticle verticle = new TcpVerticle(context.bindHost(), context.port(), settings, hub, codec);
        vertx = context.vertx();
        return vertx.deployVerticle(verticle).map(id -> {
            synchronized (this) {
                deployment = id;
            }
            Endpoint endpoint = new Endpoint("tcp", context.bindHost(), verticle.actualPort());
            LOG.info("raw .rrd TCP listening on {}", endpoint);
            return endpoint;
        });
    }

    @Override
    public synchronized Future<Void> stop() {
        if (deployment == null) {
            return Future.succeededFuture();
        }
        String id = deployment;
        deployment = null;
        return vertx.undeploy(id);
    }
}
