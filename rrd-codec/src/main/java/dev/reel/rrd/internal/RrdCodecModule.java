package dev.reel.rrd.internal;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import dev.reel.rrd.RrdCodec;

/** Wires the codec bundle: one stateless codec serves both SPIs. */
final class RrdCodecModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(RrdCodec.class).in(Scopes.SINGLETON);
    }
}
