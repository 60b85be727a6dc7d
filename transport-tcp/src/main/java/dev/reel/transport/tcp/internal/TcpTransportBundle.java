package dev.reel.transport.tcp.internal;

import com.google.inject.Guice;
import dev.reel.api.spi.Transport;
import dev.reel.api.spi.TransportCodec;
import dev.reel.store.StoreHub;
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
 * the viewer store (subscribers' history) and the rrd codec.
 */
@Component(immediate = true)
public final class TcpTransportBundle {
    @Reference
    private StoreHub hub;

    @Reference(target = "(reel.name=rrd)")
    private TransportCodec codec;

    private ServiceRegistration<Transport> registration;

    @Activate
    void activate(BundleContext context) {
        Transport transport = Guice.createInjector(new TcpTransportModule(hub, codec)).getInstance(TcpTransport.class);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("reel.name", transport.name());
        registration = context.registerService(Transport.class, transport, properties);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
