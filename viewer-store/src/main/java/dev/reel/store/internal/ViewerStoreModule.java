package dev.reel.store.internal;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.reel.api.spi.TransportCodec;
import dev.reel.store.StoreHub;
import io.vertx.core.Vertx;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;

/** Wires the viewer-store bundle from the platform's services and the bundle's settings. */
final class ViewerStoreModule extends AbstractModule {
    private final Vertx vertx;
    private final BufferAllocator allocator;
    private final TransportCodec codec;
    private final ViewerStoreSettings settings;
    private final StoreMetrics metrics;

    ViewerStoreModule(Vertx vertx, BufferAllocator allocator, TransportCodec codec, ViewerStoreSettings settings,
            StoreMetrics metrics) {
        this.vertx = vertx;
        this.allocator = allocator;
        this.codec = codec;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    protected void configure() {
        bind(Vertx.class).toInstance(vertx);
        bind(TransportCodec.class).toInstance(codec);
    }

    @Provides
    @Singleton
    StoreHub hub() {
        return new ViewerStoreHub(settings.hub(), allocator);
    }

    @Provides
    @Singleton
    Optional<Journal> journal() {
        return settings.journal().enabled() ? Optional.of(new Journal(new JournalLayout(settings.journalFolder())))
                : Optional.empty();
    }

    @Provides
    @Singleton
    IngestVerticle ingest(StoreHub hub, Optional<Journal> journal) {
        return new IngestVerticle(hub, codec, allocator, journal.orElse(null), settings.journal().fsync(),
                metrics.bind(hub));
    }

    @Provides
    @Singleton
    RecordingEvents events(StoreHub hub) {
        return new RecordingEvents(vertx, hub);
    }
}
