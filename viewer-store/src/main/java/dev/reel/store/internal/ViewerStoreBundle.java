package dev.reel.store.internal;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.reel.api.StoreId;
import dev.reel.api.platform.Cluster;
import dev.reel.api.spi.TransportCodec;
import dev.reel.store.StoreListener;
import dev.reel.store.StoreSummary;
import dev.reel.store.feed.StoreFeeds;
import java.util.ArrayList;
import java.util.List;
import dev.reel.store.StoreHub;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Verticle;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The bundle's entry point: creates the store hub, restores it from the journal, takes frames from the ingest
 * address in a worker verticle, announces recording events, records {@code --save}, and registers the hub as a
 * service for other bundles.
 */
@Component(immediate = true, configurationPid = ViewerStoreBundle.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class ViewerStoreBundle {
    /**
     * The Configuration Admin PID of what may change while the store runs: {@value #LIVE_MEMORY_LIMIT} (bytes or a
     * percentage, as {@code --memory-limit}), e.g. from a {@code dev.reel.store.cfg} dropped into
     * {@code extensions/}. It overrides the framework property; removing it restores that.
     */
    static final String PID = "dev.reel.store";
    static final String LIVE_MEMORY_LIMIT = "memory-limit";
    private static final Logger LOG = LoggerFactory.getLogger(ViewerStoreBundle.class);

    @Reference
    private Vertx vertx;

    @Reference
    private BufferAllocator allocator;

    @Reference(target = "(reel.name=rrd)")
    private TransportCodec codec;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
    private MeterRegistry meters;

    @Reference
    private Cluster cluster;

    private BufferAllocator bundleAllocator;
    private StoreHub hub;
    private Optional<Journal> journal;
    private RecordingEvents events;
    private SaveRecorder recorder;
    private StoreMetrics metrics;
    private String deployment;
    private RecordingOwners owners;
    private final List<String> clusterDeployments = new ArrayList<>();
    private ServiceRegistration<StoreHub> registration;
    private ServiceRegistration<StoreFeeds> feedsRegistration;

    @Activate
    void activate(BundleContext context, Map<String, Object> configuration) throws Exception {
        bundleAllocator = allocator.newChildAllocator("viewer-store-bundle", 0, Long.MAX_VALUE);
        ViewerStoreSettings settings = ViewerStoreSettings.from(settings(context, configuration));
        metrics = meters == null ? StoreMetrics.none() : new StoreMetrics(meters);
        Injector injector = Guice.createInjector(new ViewerStoreModule(vertx, bundleAllocator, codec, settings,
                metrics, cluster));
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
        owners = injector.getInstance(RecordingOwners.class);
        if (cluster.clustered()) {
            startClustered(injector);
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("reel.name", "viewer-store");
        registration = context.registerService(StoreHub.class, hub, properties);
        feedsRegistration = context.registerService(StoreFeeds.class, injector.getInstance(ClusterFeeds.class),
                properties);
    }

    /**
     * In a cluster: frames go to their store's owner (the router), other nodes read what this one owns (the feed
     * server), and the stores restored from the journal are owned by this node again.
     */
    private void startClustered(Injector injector) throws Exception {
        owners.start();
        for (Verticle verticle : List.of(new IngestRouter(owners, cluster), new FeedServer(hub, codec, cluster))) {
            clusterDeployments.add(vertx.deployVerticle(verticle)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
        List<StoreId> restored = hub.stores().stream().map(StoreSummary::id).toList();
        for (StoreId store : restored) {
            owners.reclaim(store).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        hub.addListener(new StoreListener() {
            @Override
            public void dropped(StoreId store) {
                if (!store.isBlueprint()) {
                    owners.release(store);
                }
            }
        });
        LOG.info("cluster: node {} takes the frames of the stores it owns ({} restored from its journal)",
                cluster.nodeId(), restored.size());
    }

    /** The framework's properties, with the configuration's memory limit over the framework's. */
    private static Function<String, String> settings(BundleContext context, Map<String, Object> configuration) {
        Object live = configuration.get(LIVE_MEMORY_LIMIT);
        return key -> key.equals(ViewerStoreSettings.MEMORY_LIMIT) && live != null ? live.toString()
                : context.getProperty(key);
    }

    /** A configuration change: the memory limit applies at once; anything else needs a restart. */
    @Modified
    void modified(BundleContext context, Map<String, Object> configuration) {
        String value = settings(context, configuration).apply(ViewerStoreSettings.MEMORY_LIMIT);
        long limit;
        try {
            limit = ViewerStoreSettings.hubConfig(value).memoryLimitBytes();
        } catch (IllegalArgumentException e) {
            LOG.error("configuration {}: {}; the memory limit stays {} bytes", PID, e.getMessage(),
                    hub.memory().limitBytes());
            return;
        }
        long before = hub.memory().limitBytes();
        if (limit != before) {
            hub.setMemoryLimit(limit);
            LOG.info("memory limit changed from {} MiB to {} MiB (configuration {})", before >> 20, limit >> 20,
                    PID);
        }
    }

    @Deactivate
    void deactivate() throws Exception {
        feedsRegistration.unregister();
        registration.unregister();
        for (String clustered : clusterDeployments) {
            vertx.undeploy(clustered).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        owners.stop();
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
