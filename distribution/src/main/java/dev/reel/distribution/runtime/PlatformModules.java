package dev.reel.distribution.runtime;

import dev.reel.api.platform.ModuleInfo;
import dev.reel.api.platform.Modules;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's {@link Modules}: bundles with what keeps them from running, the extensions folder (where Felix
 * FileInstall installs, updates and uninstalls what is dropped in, removed or replaced), and the log lines of an
 * extension's lifecycle.
 */
final class PlatformModules implements Modules, BundleListener {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformModules.class);
    /** FileInstall polls the folder every 250 ms; an install or removal waits at most this long for it. */
    private static final long PICK_UP_TIMEOUT_MILLIS = 10_000;
    /** How long after an extension appears its state is checked, and reported if it did not start. */
    private static final long START_CHECK_DELAY_MILLIS = 1_500;
    private static final long MAX_JAR_BYTES = 256L << 20;
    private static final Pattern PACKAGE = Pattern.compile("\\(osgi\\.wiring\\.package=([^)]+)\\)");
    private static final Pattern BUNDLE = Pattern.compile("\\(osgi\\.wiring\\.bundle=([^)]+)\\)");
    private static final Pattern BELOW = Pattern.compile("\\(!\\(version>=([^)]+)\\)\\)");
    private static final Pattern FROM = Pattern.compile("\\(version>=([^)]+)\\)");
    private static final Pattern JAR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.jar");

    private final BundleContext context;
    private final List<String> required;
    private final Path extensionsDir;
    private final Vertx vertx;

    /**
     * @param required the bundles the distribution is made of: one that is not installed is listed as
     *     {@code MISSING}, which makes the platform unhealthy
     */
    PlatformModules(BundleContext context, Path extensionsDir, Vertx vertx, List<String> required) {
        this.required = List.copyOf(required);
        this.context = context;
        this.extensionsDir = extensionsDir.toAbsolutePath().normalize();
        this.vertx = vertx;
    }

    @Override
    public List<ModuleInfo> list() {
        List<ModuleInfo> modules = new ArrayList<>();
        Set<String> installed = new HashSet<>();
        for (Bundle bundle : context.getBundles()) {
            modules.add(info(bundle));
            installed.add(bundle.getSymbolicName());
        }
        modules.sort(Comparator.comparingLong(ModuleInfo::id));
        for (String name : required) {
            if (!installed.contains(name)) {
                modules.add(new ModuleInfo(-1, name, "", ModuleInfo.Origin.PLATFORM, "MISSING", false,
                        Optional.empty(), List.of("the distribution requires it, but its jar is not in bundles/")));
            }
        }
        return modules;
    }

    /** Platform bundles that are not running: what keeps the runtime from being ready or healthy. */
    List<ModuleInfo> unhealthyPlatformBundles() {
        return list().stream()
                .filter(m -> m.origin() == ModuleInfo.Origin.PLATFORM && !m.healthy()).toList();
    }

    @Override
    public ModuleInfo install(String fileName, InputStream jar) throws IOException {
        if (!JAR_NAME.matcher(fileName).matches()) {
            throw new IllegalArgumentException("an extension's file name is a plain NAME.jar (letters, digits, . _ -), "
                    + "got '" + fileName + "'");
        }
        byte[] bytes = jar.readNBytes((int) MAX_JAR_BYTES + 1);
        if (bytes.length > MAX_JAR_BYTES) {
            throw new IllegalArgumentException(fileName + " is larger than " + (MAX_JAR_BYTES >> 20) + " MiB");
        }
        String name = symbolicName(fileName, bytes);
        Path target = extensionsDir.resolve(fileName);
        Optional<Bundle> previous = bundleAt(target);
        if (previous.isPresent() && Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), bytes)) {
            return info(previous.get()); // the same jar again: nothing changes
        }
        long previousModified = previous.map(Bundle::getLastModified).orElse(-1L);
        Files.createDirectories(extensionsDir);
        Path temp = Files.createTempFile(extensionsDir, ".installing-", ".part"); // not matched by FileInstall
        try {
            Files.write(temp, bytes);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        long deadline = System.nanoTime() + PICK_UP_TIMEOUT_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            Optional<Bundle> bundle = bundleAt(target);
            if (bundle.isPresent() && bundle.get().getLastModified() != previousModified) {
                Bundle installed = bundle.get();
                if (installed.getState() == Bundle.INSTALLED && !isFragment(installed)
                        && !context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(List.of(installed))) {
                    return info(installed); // cannot resolve: its problems say why
                }
                if (installed.getState() == Bundle.ACTIVE || isFragment(installed)) {
                    return info(installed);
                }
            }
            sleep(25);
        }
        throw new IOException("the extensions folder " + extensionsDir + " did not pick " + name + " up within "
                + PICK_UP_TIMEOUT_MILLIS + " ms");
    }

    @Override
    public Optional<ModuleInfo> remove(String name) throws IOException {
        Optional<Bundle> extension = List.of(context.getBundles()).stream()
                .filter(b -> extensionFile(b).isPresent())
                .filter(b -> name.equals(b.getSymbolicName()) || name.equals(extensionFile(b).get().getFileName()
                        .toString()))
                .findFirst();
        if (extension.isEmpty()) {
            return Optional.empty();
        }
        ModuleInfo before = info(extension.get());
        Files.deleteIfExists(extensionFile(extension.get()).get());
        long deadline = System.nanoTime() + PICK_UP_TIMEOUT_MILLIS * 1_000_000;
        while (extension.get().getState() != Bundle.UNINSTALLED) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the extensions folder " + extensionsDir + " did not uninstall " + name
                        + " within " + PICK_UP_TIMEOUT_MILLIS + " ms");
            }
            sleep(25);
        }
        return Optional.of(before);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        Optional<Path> file = extensionFile(bundle);
        if (file.isEmpty()) {
            return;
        }
        String what = bundle.getSymbolicName() + " " + bundle.getVersion();
        switch (event.getType()) {
            case BundleEvent.INSTALLED -> {
                LOG.info("extension {} installed from {}", what, file.get().getFileName());
                checkStartedLater(bundle);
            }
            case BundleEvent.UPDATED -> {
                LOG.info("extension {} updated from {}", what, file.get().getFileName());
                checkStartedLater(bundle);
            }
            case BundleEvent.STARTED -> LOG.info("extension {} started", what);
            case BundleEvent.STOPPED -> LOG.info("extension {} stopped", what);
            case BundleEvent.UNINSTALLED -> LOG.info("extension {} removed", what);
            default -> { }
        }
    }

    private void checkStartedLater(Bundle bundle) {
        long lastModified = bundle.getLastModified();
        vertx.setTimer(START_CHECK_DELAY_MILLIS, timer -> vertx.executeBlocking(() -> {
            if (bundle.getState() != Bundle.UNINSTALLED && bundle.getLastModified() == lastModified) {
                ModuleInfo info = info(bundle);
                if (!info.healthy()) {
                    LOG.warn("extension {} {} ({}) is not running: {}", info.name(), info.version(),
                            info.file().orElse("?"), String.join("; ", info.problems()));
                }
            }
            return null;
        }, false));
    }

    private ModuleInfo info(Bundle bundle) {
        Optional<Path> file = extensionFile(bundle);
        ModuleInfo.Origin origin = file.isPresent() ? ModuleInfo.Origin.EXTENSION : ModuleInfo.Origin.PLATFORM;
        String name = bundle.getSymbolicName() != null ? bundle.getSymbolicName() : bundle.getLocation();
        boolean fragment = isFragment(bundle);
        ModuleInfo healthyGuess = new ModuleInfo(bundle.getBundleId(), name, bundle.getVersion().toString(), origin,
                stateName(bundle.getState()), fragment, file.map(f -> f.getFileName().toString()), List.of());
        return healthyGuess.healthy() ? healthyGuess : new ModuleInfo(healthyGuess.id(), name,
                healthyGuess.version(), origin, healthyGuess.state(), fragment, healthyGuess.file(), problems(bundle));
    }

    /** Why a bundle is not running: the requirements nothing in the platform provides, in plain words. */
    private List<String> problems(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        List<String> problems = new ArrayList<>();
        if (bundle.getState() == Bundle.INSTALLED && revision != null) {
            for (Requirement requirement : revision.getRequirements(null)) {
                String filter = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
                String effective = requirement.getDirectives().getOrDefault(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE,
                        Namespace.EFFECTIVE_RESOLVE);
                if (filter == null || !Namespace.EFFECTIVE_RESOLVE.equals(effective)
                        || Namespace.RESOLUTION_OPTIONAL.equals(requirement.getDirectives()
                                .get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE))
                        || isProvided(requirement.getNamespace(), filter)) {
                    continue;
                }
                problems.add(describe(requirement.getNamespace(), filter));
            }
            if (problems.isEmpty()) {
                problems.add("not resolved although every requirement is provided (a uses constraint conflict: the "
                        + "framework's message is in the log)");
            }
        } else if (bundle.getState() == Bundle.RESOLVED) {
            problems.add("resolved but not started (its activator or components failed: see the log)");
        } else {
            problems.add("state " + stateName(bundle.getState()));
        }
        return problems;
    }

    private boolean isProvided(String namespace, String filterText) {
        Filter filter;
        try {
            filter = FrameworkUtil.createFilter(filterText);
        } catch (InvalidSyntaxException e) {
            return false;
        }
        for (Bundle other : context.getBundles()) {
            BundleRevision revision = other.adapt(BundleRevision.class);
            if (revision == null) {
                continue;
            }
            for (Capability capability : revision.getCapabilities(namespace)) {
                if (filter.matches(capability.getAttributes())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** E.g. "needs package org.example.csv [1.0.0,2.0.0): the platform has 2.1.0" or "...: the platform has none". */
    private String describe(String namespace, String filter) {
        String range = range(filter);
        if (PackageNamespace.PACKAGE_NAMESPACE.equals(namespace)) {
            Matcher name = PACKAGE.matcher(filter);
            if (name.find()) {
                String pkg = name.group(1);
                TreeSet<String> versions = new TreeSet<>();
                for (Bundle other : context.getBundles()) {
                    BundleRevision revision = other.adapt(BundleRevision.class);
                    if (revision != null) {
                        for (Capability capability : revision.getCapabilities(namespace)) {
                            if (pkg.equals(capability.getAttributes().get(namespace))) {
                                versions.add(String.valueOf(capability.getAttributes()
                                        .get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE)));
                            }
                        }
                    }
                }
                return "needs package " + pkg + " " + range + ": the platform has "
                        + (versions.isEmpty() ? "no such package" : "version " + String.join(", ", versions));
            }
        }
        if (BundleNamespace.BUNDLE_NAMESPACE.equals(namespace)) {
            Matcher name = BUNDLE.matcher(filter);
            if (name.find()) {
                return "needs bundle " + name.group(1) + " " + range + ": the platform has no such bundle";
            }
        }
        return "needs " + namespace + " " + filter + ": nothing in the platform provides it";
    }

    /** The version range of a requirement's filter as {@code [1.0.0,2.0.0)}, or "any version". */
    static String range(String filter) {
        Matcher below = BELOW.matcher(filter);
        String upper = below.find() ? below.group(1) : null;
        Matcher from = FROM.matcher(below.replaceAll(""));
        String lower = from.find() ? from.group(1) : null;
        if (lower == null && upper == null) {
            return "(any version)";
        }
        return "[" + (lower == null ? "0.0.0" : lower) + "," + (upper == null ? "\u221e" : upper) + ")";
    }

    /** The jar an extension was installed from: a bundle whose location is a file in the extensions folder. */
    private Optional<Path> extensionFile(Bundle bundle) {
        String location = bundle.getLocation();
        if (location == null) {
            return Optional.empty();
        }
        location = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        try {
            Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
            path = path.toAbsolutePath().normalize();
            return extensionsDir.equals(path.getParent()) ? Optional.of(path) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // a location that is no file
        }
    }

    private Optional<Bundle> bundleAt(Path file) {
        return List.of(context.getBundles()).stream()
                .filter(b -> extensionFile(b).filter(file::equals).isPresent()).findFirst();
    }

    private static String symbolicName(String fileName, byte[] bytes) {
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(bytes))) {
            Manifest manifest = jar.getManifest();
            String name = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            if (name == null) {
                throw new IllegalArgumentException(fileName + " is not an OSGi bundle (a jar whose manifest has a "
                        + "Bundle-SymbolicName)");
            }
            return name.split(";")[0].trim();
        } catch (IOException e) {
            throw new IllegalArgumentException(fileName + " is not a jar: " + e.getMessage(), e);
        }
    }

    static boolean isFragment(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    static String stateName(int state) {
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

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
