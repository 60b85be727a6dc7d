package dev.reel.store.internal;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.reel.api.spi.TransportCodec;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import io.vertx.core.Vertx;
import org.apache.arrow.memory.BufferAllocator;

/** Wires the viewer-store bundle from the platform's services and the hub's configuration. */
final class ViewerStoreModule extends AbstractModule {
    private final Vertx vertx;
    private final BufferAllocator allocator;
    private final TransportCodec codec;
    private final StoreHubConfig config;

    ViewerStoreModule(Vertx vertx, BufferAllocator allocator, TransportCodec codec, StoreHubConfig config) {
        this.vertx = vertx;
        this.allocator = allocator;
        this.codec = codec;
        this.config = config;
    }

    @Override
    protected void configure() {
        bind(Vertx.class).toInstance(vertx);
        bind(TransportCodec.class).toInstance(codec);
    }

    @Provides
    @Singleton
    StoreHub hub() {
        return StoreHub.create(config, allocator);
    }

    @Provides
    @Singleton
    IngestVerticle ingest(StoreHub hub) {
        return new IngestVerticle(hub, codec, allocator);
    }

    @Provides
    @Singleton
    RecordingEvents events(StoreHub hub) {
        return new RecordingEvents(vertx, hub);
    }
}
