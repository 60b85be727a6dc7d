package dev.reel.store.internal;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.reel.api.spi.TransportCodec;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The bundle's entry point: creates the store hub, takes frames from the ingest address in a worker verticle,
 * announces recording events, and registers the hub as a service for other bundles.
 */
@Component(immediate = true)
public final class ViewerStoreBundle {
    /** Framework property: the memory limit in bytes, or a percentage of the JVM's data budget ({@code 75%}). */
    public static final String MEMORY_LIMIT = "reel.store.memory-limit";

    @Reference
    private Vertx vertx;

    @Reference
    private BufferAllocator allocator;

    @Reference(target = "(reel.name=rrd)")
    private TransportCodec codec;

    private BufferAllocator bundleAllocator;
    private StoreHub hub;
    private RecordingEvents events;
    private String deployment;
    private ServiceRegistration<StoreHub> registration;

    @Activate
    void activate(BundleContext context) throws Exception {
        bundleAllocator = allocator.newChildAllocator("viewer-store-bundle", 0, Long.MAX_VALUE);
        StoreHubConfig config = config(context.getProperty(MEMORY_LIMIT));
        Injector injector = Guice.createInjector(new ViewerStoreModule(vertx, bundleAllocator, codec, config));
        hub = injector.getInstance(StoreHub.class);
        events = injector.getInstance(RecordingEvents.class);
        events.start();
        deployment = vertx.deployVerticle(injector.getInstance(IngestVerticle.class),
                new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("reel.name", "viewer-store");
        registration = context.registerService(StoreHub.class, hub, properties);
    }

    static StoreHubConfig config(String memoryLimit) {
        StoreHubConfig defaults = StoreHubConfig.defaults();
        if (memoryLimit == null || memoryLimit.isBlank()) {
            return defaults;
        }
        String value = memoryLimit.trim();
        try {
            if (value.endsWith("%")) {
                double percent = Double.parseDouble(value.substring(0, value.length() - 1));
                return defaults.withMemoryLimit((long) (defaults.memoryLimitBytes() / 0.75 * percent / 100));
            }
            return defaults.withMemoryLimit(Long.parseLong(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MEMORY_LIMIT + " must be bytes or a percentage, got '" + value + "'", e);
        }
    }

    @Deactivate
    void deactivate() throws Exception {
        registration.unregister();
        vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        events.stop();
        hub.close();
        bundleAllocator.close();
    }
}
