package dev.reel.distribution;

import dev.reel.distribution.runtime.ReelRuntime;
import dev.reel.distribution.runtime.RuntimeConfig;
import dev.reel.distribution.runtime.RuntimeStartException;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
    private static final Set<String> CONFIG_KEYS = Set.of("data", "http-port", "tcp-port", "bind", "save",
            "memory-limit", "fsync", "journal", "allowed-roots", "catalog-url");

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

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file with data, http-port, tcp-port, bind, save, memory-limit, fsync, "
                    + "journal (true|false), allowed-roots, catalog-url and reel.* settings; flags override it.")
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
        Map<String, String> fileValues = new HashMap<>();
        Map<String, String> settings = new HashMap<>();
        if (configFile != null) {
            readConfigFile(fileValues, settings);
        }
        Path home = Path.of(System.getProperty("reel.home", ".")).toAbsolutePath().normalize();
        Path dataDir = data != null ? data : Path.of(fileValues.getOrDefault("data", "reel-data"));
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new CliException(CliException.USAGE, "--data " + dataDir + " exists and is not a folder");
        }
        int http = httpPort != null ? httpPort : intValue(fileValues, "http-port", RuntimeConfig.DEFAULT_HTTP_PORT);
        int tcp = tcpPort != null ? tcpPort : intValue(fileValues, "tcp-port", RuntimeConfig.DEFAULT_TCP_PORT);
        checkPort("--http-port", http);
        checkPort("--tcp-port", tcp);
        String bindHost = bind != null ? bind : fileValues.getOrDefault("bind", RuntimeConfig.DEFAULT_BIND);
        checkBindAddress(bindHost);
        if (readyTimeoutSeconds <= 0) {
            throw new CliException(CliException.USAGE, "--ready-timeout must be positive");
        }
        Path saveTo = save != null ? save : fileValues.containsKey("save") ? Path.of(fileValues.get("save")) : null;
        if (saveTo != null) {
            Path parent = saveTo.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new CliException(CliException.USAGE, "--save " + saveTo + ": folder " + parent + " does not exist");
            }
            settings.put("reel.save", saveTo.toAbsolutePath().toString());
        }
        String limit = memoryLimit != null ? memoryLimit : fileValues.get("memory-limit");
        if (limit != null) {
            checkMemoryLimit(limit);
            settings.put("reel.store.memory-limit", limit);
        }
        String fsyncPolicy = fsync != null ? fsync : fileValues.get("fsync");
        if (fsyncPolicy != null) {
            if (!fsyncPolicy.matches("always|never|[1-9]\\d*(ms|s)")) {
                throw new CliException(CliException.USAGE, "--fsync must be always, never or a period such as 200ms "
                        + "or 1s, got '" + fsyncPolicy + "'");
            }
            settings.put("reel.store.journal.fsync", fsyncPolicy);
        }
        String journal = noJournal ? "false" : fileValues.getOrDefault("journal", "true");
        if (!journal.equals("true") && !journal.equals("false")) {
            throw new CliException(CliException.USAGE, "journal must be true or false, got '" + journal + "'");
        }
        settings.put("reel.store.journal", journal);
        List<Path> roots = allowedRoots != null ? allowedRoots : fileValues.containsKey("allowed-roots")
                ? Arrays.stream(fileValues.get("allowed-roots").split(",")).map(String::trim).map(Path::of).toList()
                : List.of();
        List<String> rootPaths = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw new CliException(CliException.USAGE, "--allowed-roots " + root + " is not a folder");
            }
            rootPaths.add(root.toAbsolutePath().normalize().toString());
        }
        if (!rootPaths.isEmpty()) {
            settings.put("reel.catalog.allowed-roots", String.join(File.pathSeparator, rootPaths));
        }
        String catalog = catalogUrl != null ? catalogUrl : fileValues.get("catalog-url");
        if (catalog != null) {
            if (!catalog.startsWith("jdbc:postgresql:")) {
                throw new CliException(CliException.USAGE, "--catalog-url must be jdbc:postgresql://HOST:PORT/DB, got '"
                        + catalog + "'");
            }
            settings.put("reel.catalog.url", catalog);
        }
        Path webViewer = home.resolve("ui").resolve("web-viewer");
        if (Files.isRegularFile(webViewer.resolve("re_viewer_bg.wasm"))) {
            settings.putIfAbsent("reel.transport.http.web-viewer-dir", webViewer.toString());
        }
        return new RuntimeConfig(home.resolve("bundles"), home.resolve("extensions"),
                dataDir.toAbsolutePath().normalize(), bindHost, Map.of("http", http, "tcp", tcp),
                Set.of("http", "tcp"), settings, Duration.ofSeconds(readyTimeoutSeconds));
    }

    private void readConfigFile(Map<String, String> values, Map<String, String> settings) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(configFile)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new CliException(CliException.USAGE, "--config " + configFile + ": no such file");
        } catch (IOException e) {
            throw new CliException(CliException.USAGE, "cannot read --config " + configFile + ": " + e.getMessage());
        }
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).trim();
            if (CONFIG_KEYS.contains(key)) {
                values.put(key, value);
            } else if (key.startsWith("reel.")) {
                settings.put(key, value);
            } else {
                throw new CliException(CliException.USAGE, configFile + ": unknown setting '" + key
                        + "' (known: " + String.join(", ", CONFIG_KEYS) + " and reel.*)");
            }
        }
    }

    private int intValue(Map<String, String> values, String key, int defaultValue) {
        String value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new CliException(CliException.USAGE, configFile + ": " + key + " is not a number: '" + value + "'");
        }
    }

    /** Bytes, or a percentage in (0, 100] of what the JVM may use. */
    private static void checkMemoryLimit(String limit) {
        boolean valid;
        if (limit.endsWith("%")) {
            String percent = limit.substring(0, limit.length() - 1);
            valid = percent.matches("\\d+(\\.\\d+)?") && Double.parseDouble(percent) > 0
                    && Double.parseDouble(percent) <= 100;
        } else {
            valid = limit.matches("[1-9]\\d{0,18}");
        }
        if (!valid) {
            throw new CliException(CliException.USAGE, "--memory-limit must be a number of bytes or a percentage "
                    + "above 0% and at most 100%, got '" + limit + "'");
        }
    }

    /**
     * An address of this machine to listen on: an IP literal, or a name the system resolves (checked now, so a
     * typo fails at once and in plain words rather than after the DNS resolver's retries).
     */
    private static void checkBindAddress(String host) {
        boolean ipv4Like = host.matches("[0-9.]+");
        if (ipv4Like && !host.matches("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)")) {
            throw new CliException(CliException.USAGE, "--bind " + host + " is not an IPv4 address (four numbers "
                    + "0-255, e.g. 127.0.0.1 or 0.0.0.0)");
        }
        try {
            InetAddress address = InetAddress.getByName(host);
            if (!address.isAnyLocalAddress() && NetworkInterface.getByInetAddress(address) == null) {
                throw new CliException(CliException.USAGE, "--bind " + host + " (" + address.getHostAddress()
                        + ") is not an address of this machine");
            }
        } catch (UnknownHostException e) {
            throw new CliException(CliException.USAGE, "--bind " + host + ": unknown host name");
        } catch (SocketException e) {
            throw new CliException(CliException.USAGE, "--bind " + host + ": cannot list this machine's network "
                    + "interfaces: " + e.getMessage());
        }
    }

    private static void checkPort(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new CliException(CliException.USAGE, option + " must be in 0-65535, got " + port);
        }
    }
}
