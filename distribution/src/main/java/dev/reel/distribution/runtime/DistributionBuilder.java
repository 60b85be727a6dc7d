package dev.reel.distribution.runtime;

import dev.reel.api.platform.ModuleInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The build step that turns distribution descriptors into distributions: for each {@code <name>.properties}
 * (a {@link Distribution}) it picks the named bundles out of the bundles the build made, stages them with the
 * descriptor, and resolves them in a real Felix framework against the platform class path ({@code lib/}), as
 * {@code reel serve} will. A bundle the descriptor names that the build did not make, or a requirement nothing
 * provides, fails the build with the same words {@code reel ext list} uses.
 *
 * <p>Run by Maven in {@code prepare-package}: {@code DistributionBuilder <descriptors> <lib> <bundles> <out>};
 * each distribution is staged in {@code <out>/<name>/bundles} and {@code <out>/<name>/conf}. {@code <bundles>} may
 * be several folders, joined by the platform's path separator: a custom distribution takes Reel's bundles from
 * its distribution and its own from its build (see {@code examples/custom-distribution}).
 */
public final class DistributionBuilder {
    private DistributionBuilder() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: DistributionBuilder DESCRIPTORS_DIR LIB_DIR BUNDLES_DIR OUT_DIR");
            System.exit(2);
        }
        Path descriptors = Path.of(args[0]);
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(descriptors)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".properties")).sorted().toList()) {
                Distribution distribution = Distribution.read(file);
                List<Path> candidates = java.util.Arrays.stream(args[2].split(java.io.File.pathSeparator))
                        .filter(a -> !a.isBlank()).map(Path::of).toList();
                List<String> found = build(distribution, Path.of(args[1]), candidates,
                        Path.of(args[3]).resolve(distribution.name()));
                found.forEach(p -> problems.add(file.getFileName() + ": " + p));
                if (found.isEmpty()) {
                    System.out.println("distribution " + distribution.name() + ": " + distribution.bundles().size()
                            + " bundles, every requirement resolved");
                }
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("[ERROR] " + p));
            System.exit(1);
        }
    }

    /**
     * Stages one distribution into {@code target} and resolves it.
     *
     * @return what is missing, empty when the distribution is complete
     */
    static List<String> build(Distribution distribution, Path lib, Path candidates, Path target) throws IOException {
        return build(distribution, lib, List.of(candidates), target);
    }

    /** @param candidates folders of bundles to pick from (a later folder's bundle of the same name wins) */
    static List<String> build(Distribution distribution, Path lib, List<Path> candidates, Path target)
            throws IOException {
        Map<String, Path> byName = new LinkedHashMap<>();
        for (Path folder : candidates) {
            try (Stream<Path> jars = Files.list(folder)) {
                for (Path jar : jars.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                    ReelRuntime.symbolicName(jar).ifPresent(name -> byName.put(name, jar));
                }
            }
        }
        List<String> problems = new ArrayList<>();
        Path bundles = target.resolve("bundles");
        deleteTree(target);
        Files.createDirectories(bundles);
        for (String name : distribution.bundles()) {
            Path jar = byName.get(name);
            if (jar == null) {
                problems.add("bundle " + name + " is not one the build made (it has " + String.join(", ",
                        byName.keySet()) + ")");
            } else {
                Files.copy(jar, bundles.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        distribution.write(target.resolve(Distribution.FILE));
        if (problems.isEmpty()) {
            problems.addAll(resolve(lib, bundles));
        }
        return problems;
    }

    /** Installs the bundles into a Felix framework with the platform class path's packages and resolves them. */
    static List<String> resolve(Path lib, Path bundles) throws IOException {
        List<Path> jars;
        List<Path> classPath;
        try {
            jars = ReelRuntime.jarsIn(bundles);
            classPath = ReelRuntime.jarsIn(lib);
        } catch (RuntimeStartException e) {
            throw new IOException(e.getMessage(), e);
        }
        Path storage = Files.createTempDirectory("reel-resolve");
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                SystemPackages.exports(classPath, ReelRuntime.symbolicNames(jars)));
        properties.put("felix.log.level", "0");
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"))
                .newFramework(properties);
        try {
            framework.init();
            BundleContext context = framework.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            for (Path jar : jars) {
                installed.add(context.installBundle(jar.toUri().toString()));
            }
            framework.adapt(FrameworkWiring.class).resolveBundles(installed);
            List<String> problems = new ArrayList<>();
            for (ModuleInfo module : new PlatformModules(context, storage.resolve("none"), null, List.of()).list()) {
                if (module.state().equals("INSTALLED")) {
                    problems.add("bundle " + module.name() + " " + module.version() + " does not resolve: "
                            + String.join("; ", module.problems()));
                }
            }
            return problems;
        } catch (BundleException e) {
            throw new IOException("cannot install the bundles of " + bundles + ": " + e.getMessage(), e);
        } finally {
            try {
                framework.stop();
                framework.waitForStop(10_000);
            } catch (BundleException | InterruptedException e) {
                // the framework was only initialised; nothing runs
            }
            deleteTree(storage);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
