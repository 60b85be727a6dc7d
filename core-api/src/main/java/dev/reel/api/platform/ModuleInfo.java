package dev.reel.api.platform;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A bundle of the running platform.
 *
 * @param id the framework's bundle id
 * @param name the bundle's symbolic name
 * @param version the bundle's version
 * @param origin part of the distribution, or an extension
 * @param state the OSGi state: {@code ACTIVE}, {@code RESOLVED}, {@code INSTALLED}, {@code STARTING}, ...
 * @param fragment a fragment, which is never started (healthy when resolved)
 * @param file the jar's file name, for an extension
 * @param problems why it is not running, one line each: an import no bundle provides (which package, which version
 *     range, what the platform has), a failed start; empty when healthy
 */
public record ModuleInfo(long id, String name, String version, Origin origin, String state, boolean fragment,
        Optional<String> file, List<String> problems) {
    /** Where a bundle comes from. */
    public enum Origin {
        /** Installed from the distribution's {@code bundles/} folder, or the framework itself. */
        PLATFORM,
        /** Installed from the {@code extensions/} folder. */
        EXTENSION
    }

    public ModuleInfo {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(origin, "origin is null");
        requireNonNull(state, "state is null");
        requireNonNull(file, "file is null");
        problems = List.copyOf(problems);
    }

    /** Active, or resolved for a fragment. */
    public boolean healthy() {
        return "ACTIVE".equals(state) || (fragment && "RESOLVED".equals(state));
    }
}
