package dev.reel.catalog.local;

import dev.reel.catalog.Catalog;
import dev.reel.catalog.CatalogConfig;
import dev.reel.catalog.internal.DatasetCatalogs;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Opens catalogs outside the OSGi runtime (tests, benchmarks, embedding): inside it, take the {@link Catalog}
 * service that the catalog bundle registers.
 */
public final class Catalogs {
    private Catalogs() {}

    /**
     * Opens (creating or migrating its database when needed) the catalog {@code config} describes; whoever
     * opens it closes it. Arrow memory for reads comes from {@code allocator}.
     */
    public static Catalog open(CatalogConfig config, BufferAllocator allocator) {
        return DatasetCatalogs.open(config, allocator);
    }
}
