package dev.reel.store.internal;

import dev.reel.api.StoreId;
import dev.reel.api.platform.Cluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node of a cluster owns each store: the node that takes its frames, journals it and holds it in memory.
 * The first frame of a store, on any node, claims an owner in the cluster map {@value #OWNERS} (rendezvous hashing
 * over the members, so stores spread evenly and each node computes the same choice); from then on the owner stays
 * while it is a member. A recording's owner is chosen by its store id; an application's blueprints share one
 * owner, chosen by the application id, because its default and active blueprint are decided among them.
 *
 * <p>When a member leaves, the stores it owned lose their owner: they are listed in the cluster map
 * {@value #LOST} (what that node held only in memory is gone) and the next frame of each claims a new one. A
 * node that restarts with its journal claims the stores it restored again, where nobody else took them.
 */
final class RecordingOwners implements Cluster.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingOwners.class);
    /** Cluster map: store key → the owner's node id. */
    static final String OWNERS = "reel.recordings.owners";
    /** Cluster map: store key → {@code {node, since, kind, application_id, recording_id}} of an owner lost. */
    static final String LOST = "reel.recordings.lost";

    private final Vertx vertx;
    private final Cluster cluster;
    private final ConcurrentMap<String, String> known = new ConcurrentHashMap<>();

    RecordingOwners(Vertx vertx, Cluster cluster) {
        this.vertx = vertx;
        this.cluster = cluster;
    }

    void start() {
        cluster.addListener(this);
    }

    void stop() {
        cluster.removeListener(this);
    }

    /** The key a store is owned by: a recording's id, or its application for a blueprint. */
    static String key(StoreId store) {
        return store.isBlueprint()
                ? new JsonArray().add("blueprints").add(store.applicationId().value()).encode()
                : new JsonArray().add("recording").add(store.applicationId().value())
                        .add(store.recordingId().value()).encode();
    }

    /** The owner already known on this node, or null. */
    String knownOwner(String key) {
        return known.get(key);
    }

    /** The store's owner, claiming one if it has none (or lost it). */
    Future<String> claim(StoreId store) {
        String key = key(store);
        String cached = known.get(key);
        if (cached != null) {
            return Future.succeededFuture(cached);
        }
        return owners().compose(map -> map.get(key).compose(current -> {
            List<String> members = cluster.members();
            if (current != null && members.contains(current)) {
                return Future.succeededFuture(current);
            }
            String chosen = rendezvous(key, members);
            Future<String> claimed = current == null
                    ? map.putIfAbsent(key, chosen).map(previous -> previous == null ? chosen : previous)
                    : map.replaceIfPresent(key, current, chosen)
                            .compose(replaced -> replaced ? Future.succeededFuture(chosen) : map.get(key));
            return claimed.onSuccess(owner -> {
                if (owner.equals(chosen)) {
                    LOG.info("cluster: {} is owned by node {}{}", store, owner,
                            current == null ? "" : " (its owner " + current + " left)");
                }
            });
        })).onSuccess(owner -> {
            if (cluster.members().contains(owner)) {
                known.put(key, owner);
            }
        });
    }

    /** The store's owner if it has one now, without claiming. */
    Future<Optional<String>> ownerOf(StoreId store) {
        String key = key(store);
        String cached = known.get(key);
        if (cached != null) {
            return Future.succeededFuture(Optional.of(cached));
        }
        return owners().compose(map -> map.get(key))
                .map(owner -> Optional.ofNullable(owner).filter(cluster.members()::contains));
    }

    /** This node restored the store from its journal: it owns it again, unless another node took it meanwhile. */
    Future<Void> reclaim(StoreId store) {
        String key = key(store);
        String self = cluster.nodeId();
        return owners().compose(map -> map.putIfAbsent(key, self)).compose(previous -> {
            if (previous == null || previous.equals(self)) {
                known.put(key, self);
                return lost().compose(map -> map.remove(key)).mapEmpty();
            }
            LOG.warn("cluster: restored {} from the journal, but node {} owns it now: both hold a part", store,
                    previous);
            return Future.succeededFuture();
        });
    }

    /** A store dropped on purpose (deleted): it has no owner any more. */
    Future<Void> release(StoreId store) {
        String key = key(store);
        known.remove(key);
        return owners().compose(map -> map.removeIfPresent(key, cluster.nodeId())).mapEmpty();
    }

    /** Stores whose owner left the cluster, as listed in {@value #LOST}. */
    Future<List<JsonObject>> lostStores() {
        return lost().compose(AsyncMap::entries).map(entries -> entries.values().stream()
                .sorted(Comparator.comparing((JsonObject o) -> o.getString("since"))).toList());
    }

    @Override
    public void memberJoined(String nodeId) {
        // owners stay where they are: a store moves only when its owner leaves
    }

    /**
     * Forgets the owner that left; one survivor (the first member by id) lists its stores as lost and frees them
     * to be claimed again.
     */
    @Override
    public void memberLeft(String nodeId) {
        known.values().removeIf(nodeId::equals);
        // the members may still list the one leaving: they change once every listener was told
        List<String> members = cluster.members().stream().filter(member -> !member.equals(nodeId)).toList();
        if (members.isEmpty() || !members.get(0).equals(cluster.nodeId())) {
            return;
        }
        String since = Instant.now().toString();
        vertx.runOnContext(v -> owners().compose(map -> map.entries().compose(entries -> {
            List<Future<?>> updates = new java.util.ArrayList<>();
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                if (!entry.getValue().equals(nodeId)) {
                    continue;
                }
                JsonArray key = new JsonArray(entry.getKey());
                JsonObject lostEntry = new JsonObject().put("node", nodeId).put("since", since)
                        .put("kind", key.getString(0).equals("blueprints") ? "blueprint" : "recording")
                        .put("application_id", key.getString(1))
                        .put("recording_id", key.size() > 2 ? key.getString(2) : null);
                updates.add(lost().compose(lostMap -> lostMap.put(entry.getKey(), lostEntry))
                        .compose(done -> map.removeIfPresent(entry.getKey(), nodeId)));
            }
            LOG.warn("cluster: node {} left owning {} stores: what it held only in memory is lost; they are listed "
                    + "as lost and move to the next node that gets their data", nodeId, updates.size());
            return Future.join(updates);
        })).onFailure(e -> LOG.error("cluster: cannot re-own the stores of node {}: {}", nodeId, e.toString())));
    }

    private Future<AsyncMap<String, String>> owners() {
        return vertx.sharedData().getAsyncMap(OWNERS);
    }

    private Future<AsyncMap<String, JsonObject>> lost() {
        return vertx.sharedData().getAsyncMap(LOST);
    }

    /** The member with the highest score for the key: every node picks the same, and few keys move. */
    static String rendezvous(String key, List<String> members) {
        String best = null;
        long bestScore = Long.MIN_VALUE;
        for (String member : members) {
            long score = mix(fnv1a(member) ^ Long.rotateLeft(fnv1a(key), 17));
            if (best == null || score > bestScore) {
                best = member;
                bestScore = score;
            }
        }
        if (best == null) {
            throw new IllegalStateException("the cluster has no members");
        }
        return best;
    }

    private static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** SplitMix64's finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
