package dev.reel.catalog.internal;

import com.google.inject.AbstractModule;

/** Wires the bundle's classes. */
final class CatalogModule extends AbstractModule {
    @Override
    protected void configure() {}
}
