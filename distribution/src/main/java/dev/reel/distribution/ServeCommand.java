package dev.reel.distribution;

import dev.reel.distribution.runtime.ReelRuntime;
import dev.reel.distribution.runtime.RuntimeConfig;
import dev.reel.distribution.runtime.RuntimeStartException;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code reel serve}: the headless runtime, until SIGTERM or SIGINT. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs Reel headless: the viewer store, the HTTP API, the raw .rrd TCP port, and every bundle "
                + "dropped into extensions/. Live recordings are journaled under the data folder and restored on "
                + "restart. Prints one line when ready; stops cleanly on SIGTERM."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "Where Reel keeps its data (default: ./reel-data).")
    private Path data;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "HTTP API port (default: " + RuntimeConfig.DEFAULT_HTTP_PORT + ").")
    private Integer httpPort;

    @Option(names = "--tcp-port", paramLabel = "PORT",
            description = "Raw .rrd TCP port (default: " + RuntimeConfig.DEFAULT_TCP_PORT + ").")
    private Integer tcpPort;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address to listen on (default: " + RuntimeConfig.DEFAULT_BIND + ", loopback only).")
    private String bind;

    @Option(names = "--save", paramLabel = "FILE",
            description = "Also write every message received, from any source, to this .rrd file.")
    private Path save;

    @Option(names = "--memory-limit", paramLabel = "BYTES|PERCENT",
            description = "Memory the viewer store may use before it drops the oldest data, in bytes or as a "
                    + "percentage of the JVM's heap plus direct memory (default: 75%%).")
    private String memoryLimit;

    @Option(names = "--fsync", paramLabel = "always|never|PERIOD",
            description = "When journaled data is forced to disk: before every acknowledgement (always), never, or "
                    + "in the background every PERIOD such as 200ms or 1s (default: 1s). Every acknowledged "
                    + "message is journaled first, so a crash of Reel loses nothing; this decides what a crash of the "
                    + "machine may lose.")
    private String fsync;

    @Option(names = "--no-journal", description = "Keep live recordings in memory only, as Rerun's viewer does: "
            + "nothing is journaled and a restart starts empty.")
    private boolean noJournal;

    @Option(names = "--allowed-roots", paramLabel = "DIR[,DIR...]", split = ",",
            description = "The only folders the catalog registers recordings from (default: the data folder); "
                    + "paths with '..' or links out of them are refused.")
    private List<Path> allowedRoots;

    @Option(names = "--catalog-url", paramLabel = "JDBC_URL",
            description = "Keep the catalog in this PostgreSQL database (jdbc:postgresql://HOST:PORT/DB), shared by "
                    + "several nodes; user and password as reel.catalog.user and reel.catalog.password in --config. "
                    + "Default: the embedded database in the data folder.")
    private String catalogUrl;

    @Option(names = "--catalog-storage", paramLabel = "DIR",
            description = "Where the catalog keeps the recordings it stores (uploads, converted files): a folder every "
                    + "node of a cluster can read (default: the data folder's chunks/).")
    private Path catalogStorage;

    @Option(names = "--cluster-port", paramLabel = "PORT",
            description = "Join a cluster of Reel nodes: this node's cluster port (Hazelcast, TCP). Needs "
                    + "--cluster-members.")
    private Integer clusterPort;

    @Option(names = "--cluster-members", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "The cluster's members to join by TCP/IP (no multicast); this node may be among them.")
    private String clusterMembers;

    @Option(names = "--cluster-host", paramLabel = "ADDRESS",
            description = "The address cluster traffic uses (default: --bind, or the first interface when --bind is "
                    + "0.0.0.0).")
    private String clusterHost;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file with data, http-port, tcp-port, bind, save, memory-limit, fsync, "
                    + "journal (true|false), allowed-roots, catalog-url, catalog-storage, cluster-port, cluster-members, "
                    + "cluster-host and reel.* settings. Environment variables "
                    + "(REEL_HTTP_PORT for http-port, ...) override it, and flags override both; 'reel config check' "
                    + "validates it.")
    private Path configFile;

    @Option(names = "--ready-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Give up if not ready after this long (default: ${DEFAULT-VALUE}).")
    private int readyTimeoutSeconds;

    @Option(names = "--json", description = "Print the ready line as JSON.")
    private boolean json;

    @Override
    public Integer call() {
        RuntimeConfig config = config();
        CountDownLatch stopRequested = new CountDownLatch(1);
        // Handling the signals ourselves lets the JVM exit with 0 after a clean stop (a plain shutdown hook
        // would end with 143).
        Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());
        Signal.handle(new Signal("INT"), signal -> stopRequested.countDown());

        ReelRuntime runtime;
        try {
            runtime = ReelRuntime.start(config);
        } catch (RuntimeStartException e) {
            throw new CliException(CliException.FAILURE, e.getMessage(), e);
        }
        System.out.println(readyLine(runtime));
        System.out.flush();
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long leaked = runtime.stop();
        return leaked == 0 ? 0 : CliException.FAILURE;
    }

    private String readyLine(ReelRuntime runtime) {
        long sinceJvmStart = ManagementFactory.getRuntimeMXBean().getUptime();
        if (json) {
            JsonObject endpoints = new JsonObject();
            runtime.endpoints().forEach((name, e) -> endpoints.put(name, e.host() + ":" + e.port()));
            return new JsonObject().put("status", "ready").put("version", ReelVersion.current())
                    .put("ready_ms", sinceJvmStart).put("endpoints", endpoints)
                    .put("data", runtime.config().dataDir().toString()).encode();
        }
        String endpoints = runtime.endpoints().values().stream().map(Object::toString)
                .collect(Collectors.joining(" "));
        return String.format("Reel %s ready in %d ms: %s data=%s", ReelVersion.current(), sinceJvmStart, endpoints,
                runtime.config().dataDir());
    }

    private RuntimeConfig config() {
        if (readyTimeoutSeconds <= 0) {
            throw new CliException(CliException.USAGE, "--ready-timeout must be positive");
        }
        Map<String, String> flags = new LinkedHashMap<>();
        putIfGiven(flags, "data", data);
        putIfGiven(flags, "http-port", httpPort);
        putIfGiven(flags, "tcp-port", tcpPort);
        putIfGiven(flags, "bind", bind);
        putIfGiven(flags, "save", save);
        putIfGiven(flags, "memory-limit", memoryLimit);
        putIfGiven(flags, "fsync", fsync);
        if (noJournal) {
            flags.put("journal", "false");
        }
        if (allowedRoots != null) {
            flags.put("allowed-roots", String.join(",", allowedRoots.stream().map(Path::toString).toList()));
        }
        putIfGiven(flags, "catalog-url", catalogUrl);
        putIfGiven(flags, "catalog-storage", catalogStorage);
        putIfGiven(flags, "cluster-port", clusterPort);
        putIfGiven(flags, "cluster-members", clusterMembers);
        putIfGiven(flags, "cluster-host", clusterHost);
        Path home = Path.of(System.getProperty("reel.home", ".")).toAbsolutePath().normalize();
        return ServerConfiguration.load(configFile, System.getenv(), flags)
                .runtimeConfig(home, Duration.ofSeconds(readyTimeoutSeconds));
    }

    private static void putIfGiven(Map<String, String> flags, String key, Object value) {
        if (value != null) {
            flags.put(key, value.toString());
        }
    }
}
