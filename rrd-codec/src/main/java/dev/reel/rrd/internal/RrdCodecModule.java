package dev.reel.rrd.internal;

import com.google.inject.AbstractModule;

/** Wires the bundle's classes. */
final class RrdCodecModule extends AbstractModule {
    @Override
    protected void configure() {}
}
