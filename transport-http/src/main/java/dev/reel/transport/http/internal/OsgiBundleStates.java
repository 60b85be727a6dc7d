package dev.reel.transport.http.internal;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleRevision;

/** Reads bundle states from the framework. */
final class OsgiBundleStates implements BundleStates {
    private final BundleContext context;

    @Inject
    OsgiBundleStates(BundleContext context) {
        this.context = context;
    }

    @Override
    public List<BundleState> bundles() {
        List<BundleState> states = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            boolean fragment = revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
            String name = bundle.getSymbolicName() != null ? bundle.getSymbolicName() : bundle.getLocation();
            states.add(new BundleState(name, bundle.getVersion().toString(), stateName(bundle.getState()), fragment));
        }
        return states;
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "UNKNOWN";
        };
    }
}
