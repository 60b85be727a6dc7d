package dev.reel.distribution;

import dev.reel.distribution.runtime.RuntimeConfig;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The server's configuration from its three sources, in this precedence: command-line flags, then environment
 * variables ({@code REEL_HTTP_PORT} for {@code http-port}), then the {@code --config} file, then the defaults.
 * Every value remembers where it came from, so errors and {@code reel config check} name the source.
 */
final class ServerConfiguration {
    /** The keys of the file, each also a flag ({@code --KEY}) and an environment variable. */
    static final List<String> KEYS = List.of("data", "http-port", "tcp-port", "bind", "save", "memory-limit",
            "fsync", "journal", "allowed-roots", "catalog-url", "catalog-storage", "cluster-port", "cluster-members",
            "cluster-host");
    /** {@code reel.*} settings that environment variables may also give (secrets kept out of files). */
    static final Map<String, String> SETTING_VARIABLES = Map.of(
            "REEL_CATALOG_USER", "reel.catalog.user",
            "REEL_CATALOG_PASSWORD", "reel.catalog.password");

    /** A value and where it came from: {@code --http-port}, {@code REEL_HTTP_PORT}, {@code FILE: http-port}. */
    record Value(String text, String source) {}

    private final Map<String, Value> values = new LinkedHashMap<>();
    private final Map<String, Value> settings = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();

    /**
     * @param file the {@code --config} file, or null
     * @param environment the process's environment
     * @param flags the flags given, by key (without {@code --})
     */
    static ServerConfiguration load(Path file, Map<String, String> environment, Map<String, String> flags) {
        ServerConfiguration configuration = new ServerConfiguration();
        if (file != null) {
            configuration.readFile(file);
        }
        for (String key : KEYS) {
            String variable = variable(key);
            if (environment.containsKey(variable)) {
                configuration.values.put(key, new Value(environment.get(variable).trim(), variable));
            }
        }
        SETTING_VARIABLES.forEach((variable, setting) -> {
            if (environment.containsKey(variable)) {
                configuration.settings.put(setting, new Value(environment.get(variable), variable));
            }
        });
        flags.forEach((key, value) -> configuration.values.put(key, new Value(value, "--" + key)));
        return configuration;
    }

    /** The environment variable of a key: {@code http-port} → {@code REEL_HTTP_PORT}. */
    static String variable(String key) {
        return "REEL_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private void readFile(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            problems.add("--config " + file + ": no such file");
            return;
        } catch (IOException | IllegalArgumentException e) {
            problems.add("cannot read --config " + file + ": " + e.getMessage());
            return;
        }
        for (String key : new TreeMap<>(Map.copyOf(properties)).keySet().stream().map(String::valueOf).toList()) {
            String value = properties.getProperty(key).trim();
            if (KEYS.contains(key)) {
                values.put(key, new Value(value, file + ": " + key));
            } else if (key.startsWith("reel.")) {
                settings.put(key, new Value(value, file + ": " + key));
            } else {
                problems.add(file + ": unknown setting '" + key + "' (known: " + String.join(", ", KEYS)
                        + " and reel.*)");
            }
        }
    }

    /** Every value given, by key (the {@code reel.*} settings after the keys), with its source. */
    Map<String, Value> given() {
        Map<String, Value> all = new LinkedHashMap<>();
        KEYS.stream().filter(values::containsKey).forEach(key -> all.put(key, values.get(key)));
        all.putAll(settings);
        return all;
    }

    /**
     * The runtime's configuration, checked.
     *
     * @param home the distribution's folder ({@code bundles/}, {@code extensions/}, {@code ui/})
     * @throws CliException (usage) naming every problem found, each with its source
     */
    RuntimeConfig runtimeConfig(Path home, Duration readyTimeout) {
        Map<String, String> runtimeSettings = new LinkedHashMap<>();
        settings.forEach((key, value) -> runtimeSettings.put(key, value.text()));
        Path dataDir = Path.of(text("data").orElse("reel-data"));
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            problem("data", dataDir + " exists and is not a folder");
        }
        int http = port("http-port", RuntimeConfig.DEFAULT_HTTP_PORT);
        int tcp = port("tcp-port", RuntimeConfig.DEFAULT_TCP_PORT);
        String bindHost = text("bind").orElse(RuntimeConfig.DEFAULT_BIND);
        checkBindAddress(bindHost);
        text("save").ifPresent(save -> {
            Path saveTo = Path.of(save).toAbsolutePath();
            if (saveTo.getParent() != null && !Files.isDirectory(saveTo.getParent())) {
                problem("save", save + ": folder " + saveTo.getParent() + " does not exist");
            }
            runtimeSettings.put("reel.save", saveTo.toString());
        });
        text("memory-limit").ifPresent(limit -> {
            if (validMemoryLimit(limit)) {
                runtimeSettings.put("reel.store.memory-limit", limit);
            } else {
                problem("memory-limit", "must be a number of bytes or a percentage above 0% and at most 100%, got '"
                        + limit + "'");
            }
        });
        text("fsync").ifPresent(fsync -> {
            if (fsync.matches("always|never|[1-9]\\d*(ms|s)")) {
                runtimeSettings.put("reel.store.journal.fsync", fsync);
            } else {
                problem("fsync", "must be always, never or a period such as 200ms or 1s, got '" + fsync + "'");
            }
        });
        String journal = text("journal").orElse("true");
        if (!journal.equals("true") && !journal.equals("false")) {
            problem("journal", "must be true or false, got '" + journal + "'");
        }
        runtimeSettings.put("reel.store.journal", journal);
        text("allowed-roots").ifPresent(roots -> {
            List<String> rootPaths = new ArrayList<>();
            for (String root : Arrays.stream(roots.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList()) {
                if (Files.isDirectory(Path.of(root))) {
                    rootPaths.add(Path.of(root).toAbsolutePath().normalize().toString());
                } else {
                    problem("allowed-roots", root + " is not a folder");
                }
            }
            runtimeSettings.put("reel.catalog.allowed-roots", String.join(File.pathSeparator, rootPaths));
        });
        text("catalog-url").ifPresent(url -> {
            if (url.startsWith("jdbc:postgresql:")) {
                runtimeSettings.put("reel.catalog.url", url);
            } else {
                problem("catalog-url", "must be jdbc:postgresql://HOST:PORT/DB, got '" + url + "'");
            }
        });
        text("catalog-storage").ifPresent(storage -> {
            Path folder = Path.of(storage);
            if (Files.exists(folder) && !Files.isDirectory(folder)) {
                problem("catalog-storage", storage + " exists and is not a folder");
            }
            runtimeSettings.put("reel.catalog.storage", folder.toAbsolutePath().normalize().toString());
        });
        clusterSettings(runtimeSettings);
        if (!problems.isEmpty()) {
            throw new CliException(CliException.USAGE, String.join(System.lineSeparator() + "reel: ", problems));
        }
        Path webViewer = home.resolve("ui").resolve("web-viewer");
        if (Files.isRegularFile(webViewer.resolve("re_viewer_bg.wasm"))) {
            runtimeSettings.putIfAbsent("reel.transport.http.web-viewer-dir", webViewer.toString());
        }
        return new RuntimeConfig(home.resolve("bundles"), home.resolve("extensions"),
                dataDir.toAbsolutePath().normalize(), bindHost, Map.of("http", http, "tcp", tcp),
                Set.of("http", "tcp"), runtimeSettings, readyTimeout);
    }

    /** {@code cluster-port} with {@code cluster-members} (both or neither), and {@code cluster-host}. */
    private void clusterSettings(Map<String, String> runtimeSettings) {
        Optional<String> members = text("cluster-members");
        if (text("cluster-port").isEmpty()) {
            members.ifPresent(m -> problem("cluster-members", "needs cluster-port too"));
            text("cluster-host").ifPresent(h -> problem("cluster-host", "needs cluster-port too"));
            return;
        }
        int port = port("cluster-port", 0);
        if (port == 0) {
            problem("cluster-port", "must be a port in 1-65535 (the other members name it in cluster-members)");
        }
        runtimeSettings.put("reel.cluster.port", Integer.toString(port));
        if (members.isEmpty()) {
            problems.add(values.get("cluster-port").source() + " needs cluster-members: HOST:PORT[,HOST:PORT...] of "
                    + "the members to join (this node may be among them)");
            return;
        }
        for (String member : members.get().split(",")) {
            if (!member.trim().matches("[A-Za-z0-9.\\-]+:\\d{1,5}")) {
                problem("cluster-members", "must be HOST:PORT[,HOST:PORT...], got '" + member.trim() + "'");
            }
        }
        runtimeSettings.put("reel.cluster.members", members.get());
        text("cluster-host").ifPresent(host -> {
            if (!host.matches("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)")) {
                problem("cluster-host", "must be an IPv4 address of this machine, got '" + host + "'");
            }
            runtimeSettings.put("reel.cluster.host", host);
        });
        if (text("cluster-host").isEmpty() && !text("bind").orElse(RuntimeConfig.DEFAULT_BIND).equals("0.0.0.0")) {
            // cluster traffic on the address the transports listen on, unless they listen on every address
            runtimeSettings.put("reel.cluster.host", text("bind").orElse(RuntimeConfig.DEFAULT_BIND));
        }
    }

    private Optional<String> text(String key) {
        return Optional.ofNullable(values.get(key)).map(Value::text);
    }

    /** A problem with a key's value, named by where the value came from. */
    private void problem(String key, String message) {
        problems.add(values.get(key).source() + " " + message);
    }

    private int port(String key, int defaultPort) {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(text.get());
            if (port >= 0 && port <= 65535) {
                return port;
            }
            problem(key, "must be in 0-65535, got " + port);
        } catch (NumberFormatException e) {
            problem(key, "is not a number: '" + text.get() + "'");
        }
        return defaultPort;
    }

    /** Bytes, or a percentage in (0, 100] of what the JVM may use. */
    private static boolean validMemoryLimit(String limit) {
        if (limit.endsWith("%")) {
            String percent = limit.substring(0, limit.length() - 1);
            return percent.matches("\\d+(\\.\\d+)?") && Double.parseDouble(percent) > 0
                    && Double.parseDouble(percent) <= 100;
        }
        return limit.matches("[1-9]\\d{0,18}");
    }

    /**
     * An address of this machine to listen on: an IP literal, or a name the system resolves (checked now, so a
     * typo fails at once and in plain words rather than after the DNS resolver's retries).
     */
    private void checkBindAddress(String host) {
        boolean ipv4Like = host.matches("[0-9.]+");
        if (ipv4Like && !host.matches("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)")) {
            bindProblem(host, "is not an IPv4 address (four numbers 0-255, e.g. 127.0.0.1 or 0.0.0.0)");
            return;
        }
        try {
            InetAddress address = InetAddress.getByName(host);
            if (!address.isAnyLocalAddress() && NetworkInterface.getByInetAddress(address) == null) {
                bindProblem(host, "(" + address.getHostAddress() + ") is not an address of this machine");
            }
        } catch (UnknownHostException e) {
            bindProblem(host, "is an unknown host name");
        } catch (SocketException e) {
            bindProblem(host, "cannot be checked: " + e.getMessage());
        }
    }

    private void bindProblem(String host, String message) {
        problems.add(values.get("bind").source() + " " + host + " " + message);
    }
}
