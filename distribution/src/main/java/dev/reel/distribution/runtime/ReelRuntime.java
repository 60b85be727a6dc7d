package dev.reel.distribution.runtime;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.LogFrameMessageCodec;
import dev.reel.api.platform.Cluster;
import dev.reel.api.platform.Modules;
import dev.reel.api.spi.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The headless platform: an embedded Felix framework whose system bundle exports the platform class path,
 * with ONE Vert.x instance and ONE Arrow root allocator registered as services, Reel's bundles installed from
 * the bundles folder, and the extensions folder watched for third-party bundles.
 */
public final class ReelRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReelRuntime.class);
    private static final long STOP_TIMEOUT_MILLIS = 15_000;

    private final RuntimeConfig config;
    private final Vertx vertx;
    private final RootAllocator allocator;
    private final Framework framework;
    private final TransportHost transports;
    private final PlatformModules modules;
    private final PlatformMetrics metrics;
    private final PlatformCluster cluster;
    private Duration startup;
    private boolean stopped;

    private ReelRuntime(RuntimeConfig config, Vertx vertx, RootAllocator allocator, Framework framework,
            TransportHost transports, PlatformModules modules, PlatformMetrics metrics, PlatformCluster cluster) {
        this.config = config;
        this.vertx = vertx;
        this.allocator = allocator;
        this.framework = framework;
        this.transports = transports;
        this.modules = modules;
        this.metrics = metrics;
        this.cluster = cluster;
    }

    /**
     * Starts the platform and waits until every bundle is active and every required transport listens.
     *
     * @throws RuntimeStartException naming the bundles or transports that did not come up
     */
    public static ReelRuntime start(RuntimeConfig config) throws RuntimeStartException {
        long begin = System.nanoTime();
        Logging.ensureConfigured();
        LOG.debug("startup: runtime starting {} ms after the JVM started",
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        List<Path> bundleJars = jarsIn(config.bundlesDir());
        if (bundleJars.isEmpty()) {
            throw new RuntimeStartException("no bundles found in " + config.bundlesDir());
        }
        createDirectories(config.dataDir());
        createDirectories(config.extensionsDir());
        Optional<Distribution> distribution = distributionOf(config);
        if (distribution.isPresent()) {
            config = config.withDefaults(distribution.get().defaults());
            warnAboutAbsentBundles(distribution.get(), config);
        }

        // Scanning the class path for packages to export takes a while: do it while Vert.x starts.
        Set<String> bundleNames = symbolicNames(bundleJars);
        CompletableFuture<String> exports = CompletableFuture.supplyAsync(
                () -> SystemPackages.exports(SystemPackages.currentClassPath(), bundleNames));
        PlatformMetrics metrics = new PlatformMetrics();
        PlatformCluster cluster = PlatformCluster.of(clusterSettings(config));
        Vertx vertx;
        try {
            vertx = cluster.newVertx(metrics, clusterSettings(config));
        } catch (IllegalStateException e) {
            exports.cancel(false);
            metrics.close();
            throw new RuntimeStartException(e.getMessage(), e);
        }
        LOG.debug("startup: Vert.x created at {} ms", (System.nanoTime() - begin) / 1_000_000);
        vertx.eventBus().registerDefaultCodec(LogFrame.class, new LogFrameMessageCodec());
        RootAllocator allocator = new RootAllocator();
        Framework framework = null;
        try {
            framework = newFramework(config, exports.join());
            LOG.debug("startup: framework configured at {} ms", (System.nanoTime() - begin) / 1_000_000);
            framework.start();
            LOG.debug("startup: framework started at {} ms", (System.nanoTime() - begin) / 1_000_000);
            BundleContext context = framework.getBundleContext();
            context.registerService(Vertx.class, vertx, null);
            context.registerService(Cluster.class, cluster, null);
            io.micrometer.core.instrument.Gauge.builder("reel.cluster.members", cluster, c -> c.members().size())
                    .description("Nodes in the cluster, this one included (1 for a node on its own)")
                    .register(metrics.registry());
            context.registerService(BufferAllocator.class, allocator, null);
            context.registerService(new String[] {MeterRegistry.class.getName(),
                PrometheusMeterRegistry.class.getName()}, metrics.registry(), null);
            PlatformModules modules = new PlatformModules(context, config.extensionsDir(), vertx,
                    distribution.map(Distribution::bundles).orElse(List.of()));
            context.addBundleListener(modules);
            context.registerService(Modules.class, modules, null);
            TransportHost transports = new TransportHost(context, vertx, config);
            transports.open();
            startBundles(context, bundleJars);
            LiveLogLevels.register(context);
            LOG.debug("startup: bundles started at {} ms", (System.nanoTime() - begin) / 1_000_000);
            ReelRuntime runtime = new ReelRuntime(config, vertx, allocator, framework, transports,
                    modules, metrics, cluster);
            runtime.awaitReady(begin);
            cluster.publishEndpoints(runtime.endpoints().entrySet().stream().collect(Collectors.toMap(
                    Map.Entry::getKey, e -> e.getValue().host() + ":" + e.getValue().port())))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            runtime.startup = Duration.ofNanos(System.nanoTime() - begin);
            return runtime;
        } catch (BundleException | RuntimeException | RuntimeStartException | InterruptedException
                | ExecutionException | TimeoutException e) {
            exports.cancel(false);
            stopQuietly(framework, vertx, allocator);
            metrics.close();
            if (e instanceof RuntimeStartException start) {
                throw start;
            }
            throw new RuntimeStartException("Reel failed to start: " + e.getMessage(), e);
        }
    }

    private static ClusterSettings clusterSettings(RuntimeConfig config) throws RuntimeStartException {
        try {
            return ClusterSettings.from(config.settings());
        } catch (IllegalArgumentException e) {
            throw new RuntimeStartException("cluster settings: " + e.getMessage(), e);
        }
    }

    /** The cluster this node runs with (a cluster of one without clustering). */
    public Cluster cluster() {
        return cluster;
    }

    /** Settings for a bundle the distribution does not have are ignored: say so rather than stay silent. */
    private static void warnAboutAbsentBundles(Distribution distribution, RuntimeConfig config) {
        if (!distribution.bundles().contains("dev.reel.catalog")) {
            List<String> ignored = config.settings().keySet().stream().filter(k -> k.startsWith("reel.catalog."))
                    .sorted().toList();
            if (!ignored.isEmpty()) {
                LOG.warn("the distribution {} has no catalog: {} ignored", distribution.name(), ignored);
            }
        }
    }

    /** The descriptor of the distribution whose {@code bundles/} folder the runtime starts from, if it has one. */
    private static Optional<Distribution> distributionOf(RuntimeConfig config) throws RuntimeStartException {
        Path home = config.bundlesDir().toAbsolutePath().getParent();
        try {
            Optional<Distribution> distribution = Distribution.installedAt(home);
            distribution.ifPresent(d -> LOG.info("distribution {}: {} bundles required{}", d.name(), d.bundles().size(),
                    d.defaults().isEmpty() ? "" : ", defaults " + d.defaults()));
            return distribution;
        } catch (IOException e) {
            throw new RuntimeStartException("cannot read " + home.resolve(Distribution.FILE) + ": " + e.getMessage(), e);
        }
    }

    private static Framework newFramework(RuntimeConfig config, String systemPackagesExtra) {
        Map<String, String> properties = new HashMap<>(config.settings());
        properties.put(Constants.FRAMEWORK_STORAGE, config.dataDir().resolve("felix-cache").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, systemPackagesExtra);
        properties.put("felix.log.level", "1");
        properties.put("felix.fileinstall.dir", config.extensionsDir().toString());
        // bundles, and configurations for Configuration Admin (<pid>.cfg, properties; <pid>.config, typed)
        properties.put("felix.fileinstall.filter", ".*\\.(jar|cfg|config)");
        properties.put("felix.fileinstall.poll", "250");
        properties.put("felix.fileinstall.noInitialDelay", "true");
        properties.put("felix.fileinstall.bundles.new.start", "true");
        properties.put("felix.fileinstall.log.level", "1");
        properties.put("reel.data.dir", config.dataDir().toString());
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        return factory.newFramework(properties);
    }

    private static void startBundles(BundleContext context, List<Path> jars) throws BundleException {
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars) {
            installed.add(context.installBundle(jar.toUri().toString()));
        }
        for (Bundle bundle : installed) {
            if (!PlatformModules.isFragment(bundle)) {
                long begin = System.nanoTime();
                bundle.start();
                LOG.debug("startup: {} started in {} ms", bundle.getSymbolicName(),
                        (System.nanoTime() - begin) / 1_000_000);
            }
        }
    }

    private void awaitReady(long begin) throws RuntimeStartException {
        long deadline = begin + config.readyTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Throwable> failures = transports.failures();
            Set<String> pending = new HashSet<>(config.requiredTransports());
            pending.removeAll(transports.endpoints().keySet());
            pending.removeAll(failures.keySet());
            // A failure is reported once every required transport has started or failed, so that all are named
            if (!failures.isEmpty() && pending.isEmpty()) {
                throw new RuntimeStartException("transports failed to start: " + failures.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + " on " + config.bindHost() + ":" + config.portOf(e.getKey()) + " ("
                                + e.getValue().getMessage() + ")")
                        .collect(Collectors.joining(", ")));
            }
            if (failures.isEmpty() && pending.isEmpty() && inactiveBundles().isEmpty()) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeStartException("interrupted while starting", e);
            }
        }
        Set<String> missing = new HashSet<>(config.requiredTransports());
        missing.removeAll(transports.endpoints().keySet());
        throw new RuntimeStartException("not ready after " + config.readyTimeout().toMillis() + " ms; bundles not "
                + "active: " + inactiveBundles() + "; transports not started: " + missing
                + (transports.failures().isEmpty() ? "" : "; failed: " + transports.failures().keySet()));
    }

    /**
     * The platform's bundles (not extensions: one that cannot start is reported, and disturbs nothing else) that
     * should be active but are not, as {@code name (STATE)}.
     */
    public List<String> inactiveBundles() {
        return modules.unhealthyPlatformBundles().stream().map(m -> m.name() + " (" + m.state() + ")").toList();
    }

    /** The bundles, Reel's and the extensions. */
    public Modules modules() {
        return modules;
    }

    public Map<String, Endpoint> endpoints() {
        return transports.endpoints();
    }

    /** Time from the call to {@link #start} until the runtime was ready. */
    public Duration startupTime() {
        return startup;
    }

    public BundleContext bundleContext() {
        return framework.getBundleContext();
    }

    public Vertx vertx() {
        return vertx;
    }

    public RuntimeConfig config() {
        return config;
    }

    /** Stops transports, bundles, Vert.x, then closes the allocator; returns the Arrow bytes leaked (0 normally). */
    public synchronized long stop() {
        if (stopped) {
            return 0;
        }
        stopped = true;
        long begin = System.nanoTime();
        LOG.info("stopping: transports, then bundles, then Vert.x");
        transports.close();
        cluster.leave();
        long leaked = stopQuietly(framework, vertx, allocator);
        metrics.close();
        if (leaked != 0) {
            LOG.error("{} bytes of Arrow memory were still allocated at shutdown", leaked);
        } else {
            LOG.info("stopped in {} ms; no Arrow memory left allocated", (System.nanoTime() - begin) / 1_000_000);
        }
        return leaked;
    }

    @Override
    public void close() {
        stop();
    }

    private static long stopQuietly(Framework framework, Vertx vertx, RootAllocator allocator) {
        if (framework != null) {
            try {
                framework.stop();
                framework.waitForStop(STOP_TIMEOUT_MILLIS);
            } catch (BundleException e) {
                LOG.warn("OSGi framework did not stop cleanly: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Vert.x did not close cleanly: {}", e.toString());
        }
        long leaked = allocator.getAllocatedMemory();
        if (leaked == 0) {
            allocator.close();
        }
        return leaked;
    }

    static List<Path> jarsIn(Path dir) throws RuntimeStartException {
        if (!Files.isDirectory(dir)) {
            throw new RuntimeStartException("bundles folder not found: " + dir);
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new RuntimeStartException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    static Set<String> symbolicNames(List<Path> jars) {
        Set<String> names = new HashSet<>();
        for (Path jar : jars) {
            symbolicName(jar).ifPresent(names::add);
        }
        return names;
    }

    /** The jar's {@code Bundle-SymbolicName}, empty for a jar that is not a bundle. */
    static Optional<String> symbolicName(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            String name = file.getManifest() == null ? null
                    : file.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
            return Optional.ofNullable(name).map(n -> n.split(";")[0].trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundle " + jar, e);
        }
    }

    private static void createDirectories(Path dir) throws RuntimeStartException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RuntimeStartException("cannot create folder " + dir + ": " + e, e);
        }
    }
}
