package dev.reel.examples.hello;

import dev.reel.api.spi.Endpoint;
import dev.reel.api.spi.Transport;
import dev.reel.api.spi.TransportContext;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import org.osgi.service.component.annotations.Component;

/**
 * A transport that answers every HTTP request with a greeting. Declared as a Declarative Services component,
 * so dropping the bundle into Reel's {@code extensions/} folder registers it, and Reel starts it on a free port
 * (or {@code reel.transport.hello.port}).
 */
@Component(service = Transport.class, property = {"reel.name=hello", "service.ranking:Integer=0"})
public final class HelloTransport implements Transport {
    private HttpServer server;

    @Override
    public String name() {
        return "hello";
    }

    @Override
    public synchronized Future<Endpoint> start(TransportContext context) {
        if (server != null) {
            return Future.failedFuture(new IllegalStateException("hello transport already started"));
        }
        HttpServer created = context.vertx().createHttpServer()
                .requestHandler(request -> request.response().end("hello from an extension\n"));
        server = created;
        return created.listen(context.port(), context.bindHost())
                .onFailure(e -> forget(created))
                .map(bound -> new Endpoint("http", context.bindHost(), bound.actualPort()));
    }

    @Override
    public synchronized Future<Void> stop() {
        HttpServer closing = server;
        server = null;
        return closing == null ? Future.succeededFuture() : closing.close();
    }

    /** A start that could not bind leaves the transport stopped, so the platform may start it again. */
    private synchronized void forget(HttpServer failed) {
        if (server == failed) {
            server = null;
        }
    }
}
