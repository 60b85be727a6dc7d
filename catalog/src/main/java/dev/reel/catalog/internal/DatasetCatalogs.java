package dev.reel.catalog.internal;

import dev.reel.catalog.Catalog;
import dev.reel.catalog.CatalogConfig;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.arrow.memory.BufferAllocator;

/** Assembles a {@link DatasetCatalog} from its parts, for the bundle and for {@code Catalogs.open}. */
public final class DatasetCatalogs {
    private DatasetCatalogs() {}

    /** A catalog that also registers the formats of the {@link dev.reel.api.spi.RecordingCodec}s on the class path. */
    public static Catalog open(CatalogConfig config, BufferAllocator allocator) {
        return openDataset(config, allocator, ForeignFormats.fromClassPath());
    }

    static DatasetCatalog openDataset(CatalogConfig config, BufferAllocator allocator, ForeignFormats formats) {
        MetadataStoreLocation location = config.database()
                .map(d -> MetadataStoreLocation.postgres(d.jdbcUrl(), d.user(), d.password()))
                .orElseGet(() -> MetadataStoreLocation.h2(catalogDir(config)));
        JdbcMetadataStore store = JdbcMetadataStore.open(location);
        Clock clock = Clock.systemUTC();
        Registrar registrar = new Registrar(store, new SourcePolicy(config.allowedRoots()),
                new RecordingIndexer(allocator), catalogDir(config).resolve("files"), formats, allocator, clock);
        return new DatasetCatalog(store, registrar, new SegmentReader(store),
                new ArrowTables(catalogDir(config).resolve("tables")), allocator, clock);
    }

    static Path catalogDir(CatalogConfig config) {
        return config.dataDir().resolve("catalog");
    }
}
