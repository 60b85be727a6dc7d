package dev.reel.transport.http.internal;

import com.google.inject.AbstractModule;
import dev.reel.store.StoreHub;
import org.osgi.framework.BundleContext;

/** Wires the HTTP transport bundle. */
final class HttpTransportModule extends AbstractModule {
    private final BundleContext bundleContext;
    private final StoreHub hub;

    HttpTransportModule(BundleContext bundleContext, StoreHub hub) {
        this.bundleContext = bundleContext;
        this.hub = hub;
    }

    @Override
    protected void configure() {
        bind(BundleContext.class).toInstance(bundleContext);
        bind(StoreHub.class).toInstance(hub);
        bind(BundleStates.class).to(OsgiBundleStates.class);
    }
}
