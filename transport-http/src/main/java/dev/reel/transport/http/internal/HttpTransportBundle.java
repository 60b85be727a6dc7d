package dev.reel.transport.http.internal;

import com.google.inject.Guice;
import dev.reel.api.spi.Transport;
import dev.reel.store.StoreHub;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** The bundle's entry point: builds its injector (with the viewer store it serves) and registers the HTTP transport. */
@Component(immediate = true)
public final class HttpTransportBundle {
    @Reference
    private StoreHub hub;

    private ServiceRegistration<Transport> registration;

    @Activate
    void activate(BundleContext context) {
        Transport transport = Guice.createInjector(new HttpTransportModule(context, hub))
                .getInstance(HttpTransport.class);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("reel.name", transport.name());
        registration = context.registerService(Transport.class, transport, properties);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
