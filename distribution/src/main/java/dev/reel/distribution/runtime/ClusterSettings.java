package dev.reel.distribution.runtime;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a node joins a cluster, from the runtime's settings: {@value #PORT} (Hazelcast's member port) and
 * {@value #MEMBERS} ({@code host:port} of members to join by TCP/IP, this one may be among them); optional
 * {@value #HOST} (the address cluster traffic uses), {@value #NAME} and {@value #FAILURE_TIMEOUT}. Without a port
 * the node runs on its own.
 */
record ClusterSettings(int port, List<String> members, Optional<String> host, String name, Duration failureTimeout,
        Duration joinTimeout) {
    static final String PORT = "reel.cluster.port";
    static final String MEMBERS = "reel.cluster.members";
    static final String HOST = "reel.cluster.host";
    static final String NAME = "reel.cluster.name";
    static final String FAILURE_TIMEOUT = "reel.cluster.failure-timeout-seconds";

    static ClusterSettings from(Map<String, String> settings) {
        String port = settings.getOrDefault(PORT, "").trim();
        List<String> members = Arrays.stream(settings.getOrDefault(MEMBERS, "").split(","))
                .map(String::trim).filter(m -> !m.isEmpty()).toList();
        Optional<String> host = Optional.ofNullable(settings.get(HOST)).map(String::trim).filter(h -> !h.isEmpty());
        String name = settings.getOrDefault(NAME, "reel").trim();
        Duration failureTimeout = Duration.ofSeconds(Long.parseLong(settings.getOrDefault(FAILURE_TIMEOUT, "5").trim()));
        return new ClusterSettings(port.isEmpty() ? 0 : Integer.parseInt(port), members, host, name, failureTimeout,
                Duration.ofSeconds(60));
    }

    /** True when the node joins a cluster. */
    boolean enabled() {
        return port > 0;
    }
}
