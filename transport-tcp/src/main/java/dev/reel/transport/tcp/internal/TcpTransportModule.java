package dev.reel.transport.tcp.internal;

import com.google.inject.AbstractModule;
import dev.reel.store.feed.StoreFeeds;

/** Wires the TCP transport bundle from the viewer store's readers. */
final class TcpTransportModule extends AbstractModule {
    private final StoreFeeds feeds;

    TcpTransportModule(StoreFeeds feeds) {
        this.feeds = feeds;
    }

    @Override
    protected void configure() {
        bind(StoreFeeds.class).toInstance(feeds);
        bind(TcpTransport.class);
    }
}
