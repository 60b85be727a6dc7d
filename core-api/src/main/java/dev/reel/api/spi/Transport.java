package dev.reel.api.spi;

import io.vertx.core.Future;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way recordings enter or leave Reel (raw TCP, HTTP, gRPC, ...). A bundle registers its transports as
 * services; the platform starts each one with its configuration and stops it before the bundle goes away.
 * Data received is published on {@link dev.reel.api.bus.ReelAddresses#INGEST}.
 */
@ConsumerType
public interface Transport {
    /** Short name; also the key of its configuration ({@code http}, {@code tcp}). */
    String name();

    /** Binds and starts serving; completes with where it listens. */
    Future<Endpoint> start(TransportContext context);

    /** Stops accepting, closes open connections; completes when done. */
    Future<Void> stop();
}
