package dev.reel.transport.http.internal;

import dev.reel.api.platform.ModuleInfo;
import dev.reel.catalog.Catalog;
import dev.reel.rrd.RrdCodec;
import dev.reel.store.StoreHub;
import dev.reel.store.feed.StoreFeeds;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;

/** The HTTP transport wired by hand, as the bundle's injector wires it. */
final class HttpTransports {
    private HttpTransports() {}

    static HttpTransport of(StoreHub hub, Supplier<List<ModuleInfo>> bundles, Optional<Catalog> catalog,
            BufferAllocator allocator) {
        return of(hub, bundles, catalog, allocator, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    static HttpTransport of(StoreHub hub, Supplier<List<ModuleInfo>> bundles, Optional<Catalog> catalog,
            BufferAllocator allocator, PrometheusMeterRegistry meters) {
        CatalogCalls calls = new CatalogCalls(catalog);
        ListedModules modules = new ListedModules(bundles);
        ClusterRecordings recordings = new ClusterRecordings(hub, Optional.empty());
        return new HttpTransport(new HealthHandler(modules, Optional.empty()), new ExtensionRoutes(modules),
                new MetricsHandler(meters), new RecordingsHandler(recordings), new RecordingDeletion(recordings),
                new DatasetRoutes(calls, new CatalogUploads(calls), new DataframeAnswers(allocator), new RrdCodec(),
                        allocator), recordings, StoreFeeds.local(hub, new RrdCodec()), new RrdCodec(), new RrdCodec(),
                calls, allocator);
    }
}
