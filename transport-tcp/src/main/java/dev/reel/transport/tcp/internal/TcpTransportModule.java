package dev.reel.transport.tcp.internal;

import com.google.inject.AbstractModule;

/** Wires the bundle's classes. */
final class TcpTransportModule extends AbstractModule {
    @Override
    protected void configure() {}
}
