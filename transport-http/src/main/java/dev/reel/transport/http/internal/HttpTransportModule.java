package dev.reel.transport.http.internal;

import com.google.inject.AbstractModule;
import org.osgi.framework.BundleContext;

/** Wires the HTTP transport bundle. */
final class HttpTransportModule extends AbstractModule {
    private final BundleContext bundleContext;

    HttpTransportModule(BundleContext bundleContext) {
        this.bundleContext = bundleContext;
    }

    @Override
    protected void configure() {
        bind(BundleContext.class).toInstance(bundleContext);
        bind(BundleStates.class).to(OsgiBundleStates.class);
    }
}
