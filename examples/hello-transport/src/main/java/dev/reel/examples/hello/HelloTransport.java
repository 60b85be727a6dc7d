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
        server = context.vertx().createHttpServer()
                .requestHandler(request -> request.response().end("hello from an extension\n"));
        return server.listen(context.port(), context.bindHost())
                .map(bound -> new Endpoint("http", context.bindHost(), bound.actualPort()));
    }

    @Override
    public synchronized Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
