package dev.reel.transport.http.internal;

import dev.reel.api.platform.ModuleInfo;
import dev.reel.api.platform.Modules;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The platform's bundles as a test lists them. Installing and removing need the platform's extensions folder
 * and framework (the distribution's ReelRuntimeIT tests them) and are refused here.
 */
record ListedModules(Supplier<List<ModuleInfo>> modules) implements Modules {
    @Override
    public List<ModuleInfo> list() {
        return modules.get();
    }

    @Override
    public ModuleInfo install(String fileName, InputStream jar) {
        throw new IllegalArgumentException("no extensions folder in this test");
    }

    @Override
    public Optional<ModuleInfo> remove(String name) {
        return Optional.empty();
    }
}
