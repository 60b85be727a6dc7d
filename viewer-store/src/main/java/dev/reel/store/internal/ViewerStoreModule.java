package dev.reel.store.internal;

import com.google.inject.AbstractModule;
import dev.reel.api.bus.ReelAddresses;
import dev.reel.api.platform.Cluster;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.reel.api.spi.TransportCodec;
import dev.reel.store.StoreHub;
import io.vertx.core.Vertx;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;

/** Wires the viewer-store bundle from the platform's services and the bundle's settings. */
final class ViewerStoreModule extends AbstractModule {
    private final Vertx vertx;
    private final BufferAllocator allocator;
    private final TransportCodec codec;
    private final ViewerStoreSettings settings;
    private final StoreMetrics metrics;
    private final Cluster cluster;

    ViewerStoreModule(Vertx vertx, BufferAllocator allocator, TransportCodec codec, ViewerStoreSettings settings,
            StoreMetrics metrics, Cluster cluster) {
        this.vertx = vertx;
        this.allocator = allocator;
        this.codec = codec;
        this.settings = settings;
        this.metrics = metrics;
        this.cluster = cluster;
    }

    @Override
    protected void configure() {
        bind(Vertx.class).toInstance(vertx);
        bind(TransportCodec.class).toInstance(codec);
        bind(Cluster.class).toInstance(cluster);
    }

    @Provides
    @Singleton
    StoreHub hub() {
        return new ViewerStoreHub(settings.hub(), allocator);
    }

    @Provides
    @Singleton
    Optional<Journal> journal() {
        return settings.journal().enabled() ? Optional.of(new Journal(new JournalLayout(settings.journalFolder())))
                : Optional.empty();
    }

    @Provides
    @Singleton
    IngestVerticle ingest(StoreHub hub, Optional<Journal> journal) {
        // in a cluster, the router hands this node the frames of the stores it owns at an address of its own
        String address = cluster.clustered() ? IngestRouter.nodeAddress(cluster.nodeId()) : ReelAddresses.INGEST;
        return new IngestVerticle(hub, codec, allocator, journal.orElse(null), settings.journal().fsync(),
                metrics.bind(hub), address);
    }

    @Provides
    @Singleton
    RecordingOwners owners() {
        return new RecordingOwners(vertx, cluster);
    }

    @Provides
    @Singleton
    ClusterFeeds feeds(StoreHub hub, RecordingOwners owners) {
        return new ClusterFeeds(vertx, hub, codec, cluster, owners);
    }

    @Provides
    @Singleton
    RecordingEvents events(StoreHub hub) {
        return new RecordingEvents(vertx, hub);
    }
}
