package dev.reel.catalog.internal;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;

/** Wires the catalog bundle: for now its chunk storage under the data folder. */
final class CatalogModule extends AbstractModule {
    private final Path dataDir;

    CatalogModule(Path dataDir) {
        this.dataDir = dataDir;
    }

    @Provides
    @Singleton
    FileChunkStorage chunkStorage() throws IOException {
        return new FileChunkStorage(dataDir.resolve("chunks"));
    }
}
