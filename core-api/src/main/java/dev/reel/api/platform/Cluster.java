package dev.reel.api.platform;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The nodes this platform runs with. A node started with {@code --cluster-members} shares Vert.x's clustered event
 * bus (Hazelcast) with the others: bundles reach another node's consumers by address, and {@code SharedData}'s
 * maps are the cluster's. A node started without it is a cluster of one, and everything is local. Registered as a
 * service by the platform; thread-safe.
 */
@ProviderType
public interface Cluster {
    /** This node's id: the cluster manager's, or a fixed one for a node on its own. */
    String nodeId();

    /** True when the node is part of a clustered event bus (even while it is the only member). */
    boolean clustered();

    /**
     * The ids of the nodes in the cluster now, this one included, sorted. A member joining or leaving shows here
     * once every {@link Listener} was told of it.
     */
    List<String> members();

    /**
     * The endpoints a member's transports listen on, {@code host:port} by transport name ({@code http},
     * {@code tcp}, ...), as the member published them once it was ready; empty for a member not ready yet or gone.
     */
    Future<Map<String, String>> endpoints(String nodeId);

    void addListener(Listener listener);

    void removeListener(Listener listener);

    /** Told of members joining and leaving, on no particular thread; keep it short. */
    @ConsumerType
    interface Listener {
        void memberJoined(String nodeId);

        void memberLeft(String nodeId);
    }
}
