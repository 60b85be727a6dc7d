package dev.reel.transport.tcp.internal;

import com.google.inject.Guice;
import dev.reel.api.spi.Transport;
import dev.reel.store.feed.StoreFeeds;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The bundle's entry point: registers the TCP transport, which the platform starts with its settings; it needs
 * the viewer store's readers (subscribers).
 */
@Component(immediate = true)
public final class TcpTransportBundle {
    @Reference
    private StoreFeeds feeds;

    private ServiceRegistration<Transport> registration;

    @Activate
    void activate(BundleContext context) {
        Transport transport = Guice.createInjector(new TcpTransportModule(feeds)).getInstance(TcpTransport.class);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("reel.name", transport.name());
        registration = context.registerService(Transport.class, transport, properties);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
