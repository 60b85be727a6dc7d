package dev.reel.rrd.internal;

import com.google.inject.Guice;
import dev.reel.api.spi.RecordingCodec;
import dev.reel.api.spi.TransportCodec;
import dev.reel.rrd.RrdCodec;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** The bundle's entry point: registers the {@code .rrd} codec as a recording codec and as the transport codec. */
@Component(immediate = true)
public final class RrdCodecBundle {
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    void activate(BundleContext context) {
        RrdCodec codec = Guice.createInjector(new RrdCodecModule()).getInstance(RrdCodec.class);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("reel.name", codec.name());
        registrations.add(context.registerService(RecordingCodec.class, codec, properties));
        registrations.add(context.registerService(TransportCodec.class, codec, properties));
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }
}
