package dev.reel.api.spi;

import static java.util.Objects.requireNonNull;

/**
 * Where a started transport listens.
 *
 * @param protocol e.g. {@code http} or {@code tcp}
 * @param host the bound address
 * @param port the bound port (the real one, also when 0 was asked for)
 */
public record Endpoint(String protocol, String host, int port) {
    public Endpoint {
        requireNonNull(protocol, "protocol is null");
        requireNonNull(host, "host is null");
    }

    @Override
    public String toString() {
        return protocol + "=" + host + ":" + port;
    }
}
