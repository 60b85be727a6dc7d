package dev.reel.distribution.runtime;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Everything the headless runtime needs to start.
 *
 * @param bundlesDir Reel's bundles and the OSGi runtime bundles, installed at start (layer 1)
 * @param extensionsDir watched for third-party bundles while running (layer 2)
 * @param dataDir where Reel keeps its state (the OSGi cache lives in {@code felix-cache} below it)
 * @param bindHost the address servers listen on
 * @param ports the port of each transport by name ({@code http}, {@code tcp}); others get a free port
 * @param requiredTransports transports that must have started before the runtime counts as ready
 * @param settings further {@code reel.*} settings, handed to bundles as framework properties
 * @param readyTimeout how long to wait for bundles and transports before giving up
 */
public record RuntimeConfig(Path bundlesDir, Path extensionsDir, Path dataDir, String bindHost,
        Map<String, Integer> ports, Set<String> requiredTransports, Map<String, String> settings,
        Duration readyTimeout) {
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_HTTP_PORT = 9876;
    public static final int DEFAULT_TCP_PORT = 9877;

    public RuntimeConfig {
        requireNonNull(bundlesDir, "bundlesDir is null");
        requireNonNull(extensionsDir, "extensionsDir is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(bindHost, "bindHost is null");
        ports = Map.copyOf(ports);
        requiredTransports = Set.copyOf(requiredTransports);
        settings = Map.copyOf(settings);
        requireNonNull(readyTimeout, "readyTimeout is null");
        ports.forEach((name, port) -> {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + " port out of range 0-65535: " + port);
            }
        });
    }

    /** This configuration with {@code defaults} under its settings (a setting it has wins). */
    public RuntimeConfig withDefaults(Map<String, String> defaults) {
        Map<String, String> merged = new java.util.HashMap<>(defaults);
        merged.putAll(settings);
        return new RuntimeConfig(bundlesDir, extensionsDir, dataDir, bindHost, ports, requiredTransports, merged,
                readyTimeout);
    }

    /**
     * The port configured for a transport: {@link #ports} for Reel's own, the setting
     * {@code reel.transport.<name>.port} for an extension's; 0 (any free port) without one.
     */
    public int portOf(String transport) {
        Integer port = ports.get(transport);
        if (port != null) {
            return port;
        }
        String setting = settings.get("reel.transport." + transport + ".port");
        if (setting == null || setting.isBlank()) {
            return 0;
        }
        try {
            int value = Integer.parseInt(setting.trim());
            if (value >= 0 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("reel.transport." + transport + ".port must be a port 0-65535, got '"
                + setting + "'");
    }
}
