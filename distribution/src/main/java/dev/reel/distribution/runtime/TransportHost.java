package dev.reel.distribution.runtime;

import dev.reel.api.spi.Endpoint;
import dev.reel.api.spi.Transport;
import dev.reel.api.spi.TransportContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts every {@link Transport} service as it appears (with its configured address) and stops it when it
 * goes away, so a transport shipped in an extension bundle is served as soon as the bundle is dropped in.
 */
final class TransportHost extends ServiceTracker<Transport, Transport> {
    private static final Logger LOG = LoggerFactory.getLogger(TransportHost.class);
    private static final long STOP_TIMEOUT_SECONDS = 10;
    private static final List<String> OWN = List.of("http", "tcp");

    private final Vertx vertx;
    private final RuntimeConfig config;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<String, Throwable> failures = new ConcurrentHashMap<>();

    TransportHost(BundleContext context, Vertx vertx, RuntimeConfig config) {
        super(context, Transport.class, null);
        this.vertx = vertx;
        this.config = config;
    }

    @Override
    public Transport addingService(ServiceReference<Transport> reference) {
        Transport transport = context.getService(reference);
        String name = transport.name();
        String prefix = "reel.transport." + name + ".";
        Map<String, String> settings = config.settings().entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .collect(Collectors.toMap(e -> e.getKey().substring(prefix.length()), Map.Entry::getValue));
        int port;
        try {
            port = config.portOf(name);
        } catch (IllegalArgumentException e) {
            failures.put(name, e);
            LOG.error("transport {} not started: {}", name, e.getMessage());
            return transport;
        }
        transport.start(new TransportContext(vertx, config.bindHost(), port, settings))
                .onSuccess(endpoint -> {
                    endpoints.put(name, endpoint);
                    failures.remove(name);
                    LOG.info("transport {} listening on {} (bundle {})", name, endpoint,
                            reference.getBundle().getSymbolicName());
                })
                .onFailure(error -> {
                    failures.put(name, error);
                    LOG.error("transport {} failed to start on {}:{}: {}", name, config.bindHost(),
                            config.portOf(name), error.getMessage());
                });
        return transport;
    }

    @Override
    public void removedService(ServiceReference<Transport> reference, Transport transport) {
        boolean started = endpoints.remove(transport.name()) != null;
        await(transport.stop(), transport.name());
        if (started) {
            LOG.info("transport {} stopped", transport.name());
        }
        context.ungetService(reference);
    }

    private static void await(Future<Void> stopping, String name) {
        try {
            stopping.toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("transport {} did not stop cleanly: {}", name, e.toString());
        }
    }

    /** Started transports and where they listen, by name: Reel's own first (http, tcp), then by name. */
    Map<String, Endpoint> endpoints() {
        Map<String, Endpoint> ordered = new LinkedHashMap<>();
        endpoints.keySet().stream().sorted(Comparator.comparing((String name) -> !OWN.contains(name))
                .thenComparing(name -> OWN.indexOf(name)).thenComparing(Comparator.naturalOrder()))
                .forEach(name -> ordered.put(name, endpoints.get(name)));
        return ordered;
    }

    /** Transports whose start failed, with the reason. */
    Map<String, Throwable> failures() {
        return Map.copyOf(failures);
    }
}
