package dev.reel.store.internal;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.reel.api.spi.TransportCodec;
import dev.reel.store.StoreHub;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The bundle's entry point: creates the store hub, restores it from the journal, takes frames from the ingest
 * address in a worker verticle, announces recording events, records {@code --save}, and registers the hub as a
 * service for other bundles.
 */
@Component(immediate = true)
public final class ViewerStoreBundle {
    @Reference
    private Vertx vertx;

    @Reference
    private BufferAllocator allocator;

    @Reference(target = "(reel.name=rrd)")
    private TransportCodec codec;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
    private MeterRegistry meters;

    private BufferAllocator bundleAllocator;
    private StoreHub hub;
    private Optional<Journal> journal;
    private RecordingEvents events;
    private SaveRecorder recorder;
    private StoreMetrics metrics;
    private String deployment;
    private ServiceRegistration<StoreHub> registration;

    @Activate
    void activate(BundleContext context) throws Exception {
        bundleAllocator = allocator.newChildAllocator("viewer-store-bundle", 0, Long.MAX_VALUE);
        ViewerStoreSettings settings = ViewerStoreSettings.from(context::getProperty);
        metrics = meters == null ? StoreMetrics.none() : new StoreMetrics(meters);
        Injector injector = Guice.createInjector(new ViewerStoreModule(vertx, bundleAllocator, codec, settings,
                metrics));
        hub = injector.getInstance(StoreHub.class);
        journal = injector.getInstance(Key.get(new TypeLiteral<Optional<Journal>>() {}));
        if (journal.isPresent()) {
            new JournalRecovery(journal.get(), hub, codec, bundleAllocator).recover();
            hub.addListener(new JournalDeletions(journal.get()));
        }
        events = injector.getInstance(RecordingEvents.class);
        events.start();
        if (settings.save().isPresent()) {
            recorder = SaveRecorder.start(vertx, settings.save().get());
        }
        deployment = vertx.deployVerticle(injector.getInstance(IngestVerticle.class),
                new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("reel.name", "viewer-store");
        registration = context.registerService(StoreHub.class, hub, properties);
    }

    @Deactivate
    void deactivate() throws Exception {
        registration.unregister();
        vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (recorder != null) {
            recorder.close();
        }
        events.stop();
        if (journal.isPresent()) {
            journal.get().close();
        }
        metrics.close();
        hub.close();
        bundleAllocator.close();
    }
}
