package dev.reel.transport.http.internal;

import com.google.inject.Guice;
import dev.reel.api.platform.Cluster;
import dev.reel.api.platform.Modules;
import dev.reel.store.feed.StoreFeeds;
import dev.reel.api.spi.RecordingCodec;
import dev.reel.api.spi.TransportCodec;
import dev.reel.api.spi.Transport;
import dev.reel.catalog.Catalog;
import dev.reel.store.StoreHub;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
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
 * The bundle's entry point: builds its injector (with the viewer store and the catalog it serves) and registers
 * the HTTP transport. The catalog is optional: without a catalog bundle the catalog routes answer 503, and when
 * one starts later the component restarts with it.
 */
@Component(immediate = true)
public final class HttpTransportBundle {
    @Reference
    private StoreHub hub;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
    private Catalog catalog;

    @Reference(target = "(reel.name=rrd)")
    private RecordingCodec codec;

    @Reference(target = "(reel.name=rrd)")
    private TransportCodec frames;

    @Reference
    private BufferAllocator allocator;

    @Reference
    private Modules modules;

    @Reference
    private PrometheusMeterRegistry meters;

    @Reference
    private StoreFeeds feeds;

    @Reference
    private Cluster cluster;

    private ServiceRegistration<Transport> registration;

    @Activate
    void activate(BundleContext context) {
        Transport transport = Guice.createInjector(new HttpTransportModule(modules, meters, hub, Optional.ofNullable(catalog),
                codec, frames, allocator, feeds, cluster)).getInstance(HttpTransport.class);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("reel.name", transport.name());
        registration = context.registerService(Transport.class, transport, properties);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
