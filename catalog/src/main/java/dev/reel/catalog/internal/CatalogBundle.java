package dev.reel.catalog.internal;

import com.google.inject.Guice;
import dev.reel.api.spi.ChunkStorage;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The bundle's entry point: builds its injector and registers the durable chunk storage under the data folder
 * ({@code reel.data.dir}), the ground the catalog's datasets will be built on.
 */
@Component(immediate = true)
public final class CatalogBundle {
    private ServiceRegistration<ChunkStorage> registration;

    @Activate
    void activate(BundleContext context) {
        String data = context.getProperty("reel.data.dir");
        Path dataDir = Path.of(data != null ? data : "reel-data");
        ChunkStorage storage = Guice.createInjector(new CatalogModule(dataDir)).getInstance(FileChunkStorage.class);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("reel.name", storage.name());
        registration = context.registerService(ChunkStorage.class, storage, properties);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
