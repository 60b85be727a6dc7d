package dev.reel.catalog.internal;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * The catalog bundle's settings, from framework properties: the data folder ({@value #DATA_DIR}, default
 * {@code reel-data}), where the catalog keeps its files ({@value #STORAGE}, default the data folder: stored and
 * uploaded recordings in {@code catalog/files}, Arrow tables in {@code catalog/tables}, the chunk storage in
 * {@code chunks}; a folder every node reads when several share the catalog) and where the metadata lives: the PostgreSQL server {@value #URL} names (with
 * {@value #USER} and {@value #PASSWORD}), or, when it is absent, embedded H2 in {@code catalog} of the storage folder.
 */
record CatalogSettings(Path dataDir, MetadataStoreLocation metadataStore, Path storageDir) {
    static final String DATA_DIR = "reel.data.dir";
    static final String URL = "reel.catalog.url";
    static final String USER = "reel.catalog.user";
    static final String PASSWORD = "reel.catalog.password";
    static final String STORAGE = "reel.catalog.storage";

    CatalogSettings {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(metadataStore, "metadataStore is null");
        requireNonNull(storageDir, "storageDir is null");
    }

    /** @param properties a property by name, null when absent (a bundle context's {@code getProperty}) */
    static CatalogSettings from(Function<String, String> properties) {
        Path dataDir = Path.of(valueOr(properties.apply(DATA_DIR), "reel-data"));
        Path storageDir = Path.of(valueOr(properties.apply(STORAGE), dataDir.toString()));
        String url = valueOr(properties.apply(URL), "");
        if (url.isEmpty()) {
            return new CatalogSettings(dataDir, MetadataStoreLocation.h2(storageDir.resolve("catalog")),
                    storageDir);
        }
        try {
            return new CatalogSettings(dataDir, MetadataStoreLocation.postgres(url,
                    valueOr(properties.apply(USER), ""), requireNonNullElse(properties.apply(PASSWORD), "")),
                    storageDir);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(URL + ": " + e.getMessage(), e);
        }
    }

    /** Where the chunk storage keeps its files. */
    Path chunksDir() {
        return storageDir.resolve("chunks");
    }

    /** A set value without surrounding blanks, or the fallback. (A password is taken as it is.) */
    private static String valueOr(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
