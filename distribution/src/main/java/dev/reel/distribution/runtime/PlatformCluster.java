package dev.reel.distribution.runtime;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.reel.api.platform.Cluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's {@link Cluster}: a node on its own, or a member of a Hazelcast cluster joined by TCP/IP over
 * the configured members (never multicast), whose Vert.x event bus is clustered. Members are Hazelcast's, their
 * ids Vert.x's node ids; each member publishes its endpoints in the cluster map {@value #NODES} once ready.
 */
final class PlatformCluster implements Cluster {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformCluster.class);
    /** The cluster map of each member's endpoints: node id → JSON object of {@code host:port} by transport. */
    static final String NODES = "reel.nodes";
    private static final String ALONE = "local";
    /** The member attribute where vertx-hazelcast keeps a member's Vert.x node id. */
    private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

    private final Optional<HazelcastClusterManager> manager;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /**
     * The members, sorted, as the listeners know them: a change shows here only once every listener was told,
     * so whoever sees a member gone (a health check, a test) knows that the bundles have dealt with it.
     */
    private volatile List<String> members = List.of(ALONE);
    private Vertx vertx;

    private PlatformCluster(Optional<HazelcastClusterManager> manager) {
        this.manager = manager;
    }

    /** The cluster the settings describe: {@link ClusterSettings#enabled()} or a node on its own. */
    static PlatformCluster of(ClusterSettings settings) {
        if (!settings.enabled()) {
            return new PlatformCluster(Optional.empty());
        }
        return new PlatformCluster(Optional.of(new HazelcastClusterManager(hazelcastConfig(settings))));
    }

    private static Config hazelcastConfig(ClusterSettings settings) {
        Config config = new Config();
        config.setClusterName(settings.name());
        // no call home, no shutdown hook of its own (the runtime stops it), Reel's log, a dead member noticed fast
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(settings.failureTimeout().toSeconds()));
        // how long a starting member looks for the others before it forms a cluster on its own (default 5 s)
        config.setProperty("hazelcast.wait.seconds.before.join", "2");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(false);
        settings.host().ifPresent(host -> {
            network.getInterfaces().setEnabled(true).addInterface(host);
            config.setProperty("hazelcast.socket.bind.any", "false");
        });
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
        return config;
    }

    /** Builds Vert.x: clustered (joining the cluster, which may take seconds) or not. */
    Vertx newVertx(PlatformMetrics metrics, ClusterSettings settings) {
        VertxOptions options = new VertxOptions();
        if (manager.isEmpty()) {
            vertx = metrics.vertxBuilder(options).build();
            return vertx;
        }
        // the event bus's own port, between members: any free one on the cluster's address
        options.getEventBusOptions().setHost(settings.host().orElse("127.0.0.1")).setPort(0);
        try {
            vertx = metrics.vertxBuilder(options).withClusterManager(manager.get()).buildClustered().toCompletionStage()
                    .toCompletableFuture().get(settings.joinTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot join the cluster " + settings.members() + " on port "
                    + settings.port() + ": " + (e.getCause() == null ? e : e.getCause()), e);
        }
        manager.get().getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                String id = nodeIdOf(event.getMember());
                LOG.info("cluster: member {} ({}) joined; {} members", id, event.getMember().getAddress(),
                        event.getMembers().size());
                listeners.forEach(l -> l.memberJoined(id));
                members = sorted(event.getMembers());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                String id = nodeIdOf(event.getMember());
                LOG.warn("cluster: member {} ({}) left; {} members", id, event.getMember().getAddress(),
                        event.getMembers().size());
                listeners.forEach(l -> l.memberLeft(id));
                members = sorted(event.getMembers());
            }
        });
        members = sorted(manager.get().getHazelcastInstance().getCluster().getMembers());
        LOG.info("cluster: joined as {} with {} members: {}", nodeId(), members().size(), addresses());
        return vertx;
    }

    private static List<String> sorted(java.util.Collection<Member> members) {
        return members.stream().map(PlatformCluster::nodeIdOf).sorted(Comparator.naturalOrder()).toList();
    }

    /** A member's Vert.x node id (Hazelcast's own member id is another). */
    private static String nodeIdOf(Member member) {
        String id = member.getAttribute(NODE_ID_ATTRIBUTE);
        return id == null ? member.getUuid().toString() : id;
    }

    private String addresses() {
        return manager.map(m -> m.getHazelcastInstance().getCluster().getMembers().stream()
                .map(member -> member.getAddress().toString()).sorted().collect(Collectors.joining(", ")))
                .orElse("");
    }

    /** Tells the other members where this node's transports listen. */
    Future<Void> publishEndpoints(Map<String, String> endpoints) {
        if (manager.isEmpty()) {
            return Future.succeededFuture();
        }
        JsonObject value = new JsonObject();
        endpoints.forEach(value::put);
        return nodes().compose(map -> map.put(nodeId(), value));
    }

    private Future<AsyncMap<String, JsonObject>> nodes() {
        return vertx.sharedData().getAsyncMap(NODES);
    }

    @Override
    public String nodeId() {
        return manager.map(HazelcastClusterManager::getNodeId).orElse(ALONE);
    }

    @Override
    public boolean clustered() {
        return manager.isPresent();
    }

    @Override
    public List<String> members() {
        return members;
    }

    @Override
    public Future<Map<String, String>> endpoints(String nodeId) {
        if (manager.isEmpty() || !members().contains(nodeId)) {
            return Future.succeededFuture(Map.of());
        }
        return nodes().compose(map -> map.get(nodeId)).map(value -> value == null ? Map.of()
                : value.getMap().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        e -> String.valueOf(e.getValue()))));
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** Leaves the cluster's endpoint map before Vert.x closes (which leaves the cluster). */
    void leave() {
        if (manager.isPresent() && vertx != null) {
            try {
                nodes().compose(map -> map.remove(nodeId())).toCompletionStage().toCompletableFuture()
                        .get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("cluster: could not remove this node's endpoints: {}", e.toString());
            }
        }
    }
}
