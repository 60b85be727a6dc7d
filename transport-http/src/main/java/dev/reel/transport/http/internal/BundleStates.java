package dev.reel.transport.http.internal;

import java.util.List;

/** The bundles of the running platform, for the health endpoint. */
interface BundleStates {
    record BundleState(String name, String version, String state, boolean fragment) {
        /** A bundle is healthy when active, or resolved if it is a fragment (fragments never start). */
        boolean healthy() {
            return "ACTIVE".equals(state) || (fragment && "RESOLVED".equals(state));
        }
    }

    List<BundleState> bundles();
}
