package dev.reel.transport.tcp.internal;

import com.google.inject.Guice;
import dev.reel.api.spi.Transport;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The bundle's entry point: registers the TCP transport, and when the framework property {@value #SAVE} names
 * a file, records every accepted message into it.
 */
@Component(immediate = true)
public final class TcpTransportBundle {
    /** Framework property: write everything received to this {@code .rrd} file ({@code reel serve --save}). */
    public static final String SAVE = "reel.save";

    @Reference
    private Vertx vertx;

    private ServiceRegistration<Transport> registration;
    private FileRecorder recorder;

    @Activate
    void activate(BundleContext context) throws Exception {
        String save = context.getProperty(SAVE);
        if (save != null && !save.isBlank()) {
            recorder = FileRecorder.start(vertx, Path.of(save));
        }
        Transport transport = Guice.createInjector(new TcpTransportModule()).getInstance(TcpTransport.class);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("reel.name", transport.name());
        registration = context.registerService(Transport.class, transport, properties);
    }

    @Deactivate
    void deactivate() throws Exception {
        registration.unregister();
        if (recorder != null) {
            recorder.close();
        }
    }
}
