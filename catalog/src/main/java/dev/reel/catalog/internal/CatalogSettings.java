package dev.reel.catalog.internal;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * The catalog bundle's settings, from framework properties: the data folder ({@value #DATA_DIR}, default
 * {@code reel-data}) and where the metadata lives: the PostgreSQL server {@value #URL} names (with
 * {@value #USER} and {@value #PASSWORD}), or, when it is absent, embedded H2 in {@code <data>/catalog}.
 */
record CatalogSettings(Path dataDir, MetadataStoreLocation metadataStore) {
    static final String DATA_DIR = "reel.data.dir";
    static final String URL = "reel.catalog.url";
    static final String USER = "reel.catalog.user";
    static final String PASSWORD = "reel.catalog.password";

    CatalogSettings {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(metadataStore, "metadataStore is null");
    }

    /** @param properties a property by name, null when absent (a bundle context's {@code getProperty}) */
    static CatalogSettings from(Function<String, String> properties) {
        Path dataDir = Path.of(valueOr(properties.apply(DATA_DIR), "reel-data"));
        String url = valueOr(properties.apply(URL), "");
        if (url.isEmpty()) {
            return new CatalogSettings(dataDir, MetadataStoreLocation.h2(dataDir.resolve("catalog")));
        }
        try {
            return new CatalogSettings(dataDir, MetadataStoreLocation.postgres(url,
                    valueOr(properties.apply(USER), ""), requireNonNullElse(properties.apply(PASSWORD), "")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(URL + ": " + e.getMessage(), e);
        }
    }

    /** Where the chunk storage keeps its files. */
    Path chunksDir() {
        return dataDir.resolve("chunks");
    }

    /** A set value without surrounding blanks, or the fallback. (A password is taken as it is.) */
    private static String valueOr(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
