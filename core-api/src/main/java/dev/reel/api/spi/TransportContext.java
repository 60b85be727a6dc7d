package dev.reel.api.spi;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Vertx;
import java.util.Map;

/**
 * What the platform gives a transport when it starts it.
 *
 * @param vertx the platform's single Vert.x instance (its event bus connects all bundles)
 * @param bindHost the address to listen on; {@code 127.0.0.1} unless configured otherwise
 * @param port the port to listen on; 0 picks a free one
 * @param settings further settings of this transport ({@code reel.transport.<name>.*} without the prefix)
 */
public record TransportContext(Vertx vertx, String bindHost, int port, Map<String, String> settings) {
    public TransportContext {
        requireNonNull(vertx, "vertx is null");
        requireNonNull(bindHost, "bindHost is null");
        settings = Map.copyOf(settings);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
