package dev.reel.transport.tcp.internal;

import com.google.inject.AbstractModule;

/** Wires the TCP transport bundle. */
final class TcpTransportModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(TcpTransport.class);
    }
}
