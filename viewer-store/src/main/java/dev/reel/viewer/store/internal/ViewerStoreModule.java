package dev.reel.viewer.store.internal;

import com.google.inject.AbstractModule;

/** Wires the bundle's classes. */
final class ViewerStoreModule extends AbstractModule {
    @Override
    protected void configure() {}
}
