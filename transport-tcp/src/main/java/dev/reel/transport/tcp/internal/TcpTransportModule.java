package dev.reel.transport.tcp.internal;

import com.google.inject.AbstractModule;

/** Wires the TCP transport bundle: the transport, and the file recorder when one is configured. */
final class TcpTransportModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(TcpTransport.class);
    }
}
