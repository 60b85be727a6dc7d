package dev.reel.transport.tcp.internal;

import com.google.inject.AbstractModule;
import dev.reel.api.spi.TransportCodec;
import dev.reel.store.StoreHub;

/** Wires the TCP transport bundle from the store and the codec the platform provides. */
final class TcpTransportModule extends AbstractModule {
    private final StoreHub hub;
    private final TransportCodec codec;

    TcpTransportModule(StoreHub hub, TransportCodec codec) {
        this.hub = hub;
        this.codec = codec;
    }

    @Override
    protected void configure() {
        bind(StoreHub.class).toInstance(hub);
        bind(TransportCodec.class).toInstance(codec);
        bind(TcpTransport.class);
    }
}
