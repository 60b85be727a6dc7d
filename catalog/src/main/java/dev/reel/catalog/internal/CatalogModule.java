package dev.reel.catalog.internal;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;

/** Wires the catalog bundle: for now its chunk storage, in the folder the settings name. */
final class CatalogModule extends AbstractModule {
    private final Path chunksDir;

    CatalogModule(Path chunksDir) {
        this.chunksDir = chunksDir;
    }

    @Provides
    @Singleton
    FileChunkStorage chunkStorage() throws IOException {
        return new FileChunkStorage(chunksDir);
    }
}
