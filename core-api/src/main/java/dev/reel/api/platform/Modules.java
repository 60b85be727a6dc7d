package dev.reel.api.platform;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The bundles of the running platform, and its extensions folder. Installing writes the jar into the folder
 * (replacing one of the same file name: an update) and removing deletes it, so what the folder holds stays the
 * truth across restarts; the framework installs, updates and uninstalls the bundle from there. Registered as a
 * service by the platform; thread-safe. Calls block (file I/O, waiting for the framework).
 */
@ProviderType
public interface Modules {
    /** Every bundle, by bundle id. */
    List<ModuleInfo> list();

    /**
     * Copies an extension jar into the extensions folder and waits until the framework has installed it and tried
     * to start it.
     *
     * @param fileName the jar's file name ({@code name.jar}, no folders)
     * @return the extension as installed, with its problems if it could not start
     * @throws IllegalArgumentException if the file name is not a plain {@code .jar} name or the bytes are not a
     *     bundle (a jar with a {@code Bundle-SymbolicName})
     * @throws IOException if the folder cannot be written, or the framework did not pick the jar up in time
     */
    ModuleInfo install(String fileName, InputStream jar) throws IOException;

    /**
     * Deletes an extension's jar from the extensions folder and waits until the framework has uninstalled it.
     *
     * @param name the extension's symbolic name or file name
     * @return the extension as it was, or empty if there is no such extension
     */
    Optional<ModuleInfo> remove(String name) throws IOException;
}
