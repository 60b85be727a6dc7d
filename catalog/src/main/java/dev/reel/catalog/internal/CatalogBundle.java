package dev.reel.catalog.internal;

import com.google.inject.Guice;
import dev.reel.api.spi.ChunkStorage;
import dev.reel.api.spi.RecordingCodec;
import dev.reel.catalog.Catalog;
import dev.reel.catalog.CatalogConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundle's entry point: opens the catalog its settings describe (metadata in embedded H2 under
 * {@code reel.data.dir}, or on the PostgreSQL server {@code reel.catalog.url} names; registration reads only
 * from {@code reel.catalog.allowed-roots}) and registers it as the {@link Catalog} service; the chunk storage
 * under the data folder is registered beside it.
 */
@Component(immediate = true)
public final class CatalogBundle {
    /** Folders registration may read from, joined by the platform's path separator; the data folder by default. */
    static final String ALLOWED_ROOTS = "reel.catalog.allowed-roots";
    private static final Logger LOG = LoggerFactory.getLogger(CatalogBundle.class);

    private final BufferAllocator allocator;
    private BufferAllocator reads;
    private final ForeignFormats formats = ForeignFormats.none();
    private DatasetCatalog catalog;
    private CatalogMetrics metrics;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
    private MeterRegistry meters;
    private ServiceRegistration<Catalog> catalogRegistration;
    private ServiceRegistration<ChunkStorage> storageRegistration;

    @Activate
    public CatalogBundle(@Reference BufferAllocator allocator) {
        this.allocator = allocator;
    }

    @Activate
    void activate(BundleContext context) {
        CatalogSettings settings = CatalogSettings.from(context::getProperty);
        CatalogConfig config = config(settings, context.getProperty(ALLOWED_ROOTS));
        reads = allocator.newChildAllocator("catalog", 0, Long.MAX_VALUE);
        try {
            catalog = DatasetCatalogs.openDataset(config, reads, formats);
        } catch (RuntimeException e) {
            reads.close();
            throw e;
        }
        LOG.info("catalog open: metadata {}, registration reads from {}", settings.metadataStore(),
                config.allowedRoots());
        if (meters != null) {
            metrics = new CatalogMetrics(meters, catalog::totals);
        }
        catalogRegistration = context.registerService(Catalog.class, catalog, null);

        ChunkStorage storage = Guice.createInjector(new CatalogModule(settings.chunksDir()))
                .getInstance(FileChunkStorage.class);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("reel.name", storage.name());
        storageRegistration = context.registerService(ChunkStorage.class, storage, properties);
    }

    /** Formats extensions read (Reel's own, {@code rrd}, needs no conversion): registration converts them. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(!(reel.name=rrd))", unbind = "removeFormat")
    void addFormat(RecordingCodec codec) {
        formats.add(codec);
        LOG.info("registration reads .{} files now (codec {})", String.join(", .", codec.fileExtensions()),
                codec.name());
    }

    void removeFormat(RecordingCodec codec) {
        formats.remove(codec);
        LOG.info("registration no longer reads .{} files (codec {} went away)",
                String.join(", .", codec.fileExtensions()), codec.name());
    }

    static CatalogConfig config(CatalogSettings settings, String allowedRoots) {
        // files and tables in the storage folder (shared by the nodes of a cluster); registration by default only
        // from the data folder
        CatalogConfig config = CatalogConfig.embedded(settings.storageDir()).withAllowedRoots(
                List.of(settings.dataDir()));
        MetadataStoreLocation database = settings.metadataStore();
        if (!database.isH2()) {
            config = config.withDatabase(
                    new CatalogConfig.Database(database.url(), database.user(), database.password()));
        }
        if (allowedRoots == null || allowedRoots.isBlank()) {
            return config;
        }
        List<Path> roots = Arrays.stream(allowedRoots.split(File.pathSeparator))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
        return config.withAllowedRoots(roots);
    }

    @Deactivate
    void deactivate() {
        storageRegistration.unregister();
        catalogRegistration.unregister();
        if (metrics != null) {
            metrics.close();
        }
        try {
            catalog.close();
        } catch (Exception e) {
            LOG.warn("closing the catalog failed: {}", e.toString());
        }
        try {
            reads.close();
        } catch (IllegalStateException e) {
            LOG.warn("the catalog's Arrow memory was not all released: {}", e.getMessage());
        }
    }
}
