package dev.reel.transport.http.internal;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.reel.api.platform.Cluster;
import dev.reel.api.platform.Modules;
import dev.reel.store.feed.StoreFeeds;
import dev.reel.api.spi.RecordingCodec;
import dev.reel.api.spi.TransportCodec;
import dev.reel.catalog.Catalog;
import dev.reel.store.StoreHub;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;

/** Wires the HTTP transport bundle with the services it serves: the viewer store, the catalog (if running), the
 * platform's modules. */
final class HttpTransportModule extends AbstractModule {
    private final Modules modules;
    private final PrometheusMeterRegistry meters;
    private final StoreHub hub;
    private final Optional<Catalog> catalog;
    private final RecordingCodec codec;
    private final TransportCodec frames;
    private final BufferAllocator allocator;
    private final StoreFeeds feeds;
    private final Cluster cluster;

    HttpTransportModule(Modules modules, PrometheusMeterRegistry meters, StoreHub hub, Optional<Catalog> catalog,
            RecordingCodec codec, TransportCodec frames, BufferAllocator allocator, StoreFeeds feeds, Cluster cluster) {
        this.modules = modules;
        this.meters = meters;
        this.hub = hub;
        this.catalog = catalog;
        this.codec = codec;
        this.frames = frames;
        this.allocator = allocator;
        this.feeds = feeds;
        this.cluster = cluster;
    }

    @Override
    protected void configure() {
        bind(StoreHub.class).toInstance(hub);
        bind(RecordingCodec.class).toInstance(codec);
        bind(TransportCodec.class).toInstance(frames);
        bind(BufferAllocator.class).toInstance(allocator);
        bind(Modules.class).toInstance(modules);
        bind(PrometheusMeterRegistry.class).toInstance(meters);
        bind(StoreFeeds.class).toInstance(feeds);
        bind(Cluster.class).toInstance(cluster);
    }

    @Provides
    @Singleton
    ClusterRecordings recordings() {
        return new ClusterRecordings(hub, Optional.of(cluster));
    }

    @Provides
    @Singleton
    CatalogCalls catalogCalls() {
        return new CatalogCalls(catalog);
    }
}
