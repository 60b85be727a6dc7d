package dev.reel.transport.http.internal;

import dev.reel.api.StoreId;
import dev.reel.api.platform.Cluster;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreSummary;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewer store's recordings as the HTTP API shows them: this node's hub, or in a cluster every member's. Each
 * node's HTTP transport answers for its own hub on the cluster's bus ({@link #listen}); any node gathers the
 * answers, marks each store with the node holding it, and adds what the cluster lists as lost (stores whose
 * owner left: what it held only in memory is gone, and the listing says so rather than stay silent).
 */
final class ClusterRecordings {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRecordings.class);
    /** The viewer store's cluster map of stores whose owner left (see the viewer store's RecordingOwners). */
    static final String LOST = "reel.recordings.lost";
    private static final long ANSWER_TIMEOUT_MS = 5_000;

    private final StoreHub hub;
    private final Optional<Cluster> cluster;

    ClusterRecordings(StoreHub hub, Optional<Cluster> cluster) {
        this.hub = hub;
        this.cluster = cluster.filter(Cluster::clustered);
    }

    private static String listAddress(String node) {
        return "reel.http.recordings." + node;
    }

    private static String dropAddress(String node) {
        return "reel.http.recordings.drop." + node;
    }

    /** Answers the other nodes for this node's hub; the consumers end with the transport. */
    List<MessageConsumer<?>> listen(Vertx vertx) {
        if (cluster.isEmpty()) {
            return List.of();
        }
        String node = cluster.get().nodeId();
        MessageConsumer<JsonObject> list = vertx.eventBus().consumer(listAddress(node),
                request -> request.reply(local()));
        MessageConsumer<JsonObject> drop = vertx.eventBus().consumer(dropAddress(node),
                request -> vertx.executeBlocking(() -> hub.drop(StoreIds.fromJson(request.body())), false)
                        .onComplete(done -> request.reply(done.succeeded() && done.result())));
        return List.of(list, drop);
    }

    /** This node's stores, as {@code GET /api/recordings} lists them. */
    JsonArray local() {
        JsonArray recordings = new JsonArray();
        for (StoreSummary summary : hub.stores()) {
            JsonObject store = RecordingsHandler.toJson(summary);
            if (summary.id().isBlueprint()) {
                // which blueprint the application falls back to, and which it shows (rerun-data-platform.md D.2)
                store.put("default", hub.defaultBlueprint(summary.id().applicationId()).filter(summary.id()::equals)
                        .isPresent());
                store.put("active", hub.activeBlueprint(summary.id().applicationId()).filter(summary.id()::equals)
                        .isPresent());
            }
            recordings.add(store);
        }
        return recordings;
    }

    /** Every store of the cluster (this node's alone without one), each with the node holding it. */
    Future<JsonArray> all(Vertx vertx) {
        if (cluster.isEmpty()) {
            return Future.succeededFuture(local());
        }
        List<String> members = cluster.get().members();
        List<Future<JsonArray>> answers = new ArrayList<>();
        for (String member : members) {
            answers.add(member.equals(cluster.get().nodeId()) ? Future.succeededFuture(local())
                    : vertx.eventBus().<JsonArray>request(listAddress(member), new JsonObject(),
                            new DeliveryOptions().setSendTimeout(ANSWER_TIMEOUT_MS)).map(reply -> reply.body())
                            .otherwise(e -> {
                                LOG.warn("cluster: node {} did not list its recordings: {}", member, e.getMessage());
                                return new JsonArray();
                            }));
        }
        Future<Map<String, JsonObject>> lost = vertx.sharedData().<String, JsonObject>getAsyncMap(LOST)
                .compose(AsyncMap::entries);
        return Future.all(Future.join(answers), lost).map(done -> {
            JsonArray merged = new JsonArray();
            Map<String, JsonObject> byKey = new HashMap<>();
            for (int i = 0; i < members.size(); i++) {
                for (Object entry : answers.get(i).result()) {
                    JsonObject store = ((JsonObject) entry).put("node", members.get(i));
                    merged.add(store);
                    byKey.putIfAbsent(key(store), store);
                }
            }
            for (JsonObject gone : lost.result().values()) {
                JsonObject loss = new JsonObject().put("node", gone.getString("node"))
                        .put("since", gone.getString("since"));
                JsonObject held = byKey.get(key(gone));
                if (held != null) {
                    held.put("lost", loss); // what arrived after the loss is here; what came before is gone
                } else if (gone.getString("kind").equals("recording")) {
                    merged.add(new JsonObject().put("kind", "recording")
                            .put("application_id", gone.getString("application_id"))
                            .put("recording_id", gone.getString("recording_id")).putNull("node")
                            .put("sources", new JsonArray()).put("chunks", 0).put("rows", 0).put("bytes", 0)
                            .put("timelines", new JsonObject()).put("lost", loss));
                }
            }
            return merged;
        });
    }

    private static String key(JsonObject store) {
        return store.getString("kind") + "/" + store.getString("application_id") + "/"
                + store.getString("recording_id");
    }

    /** True if any node holds the store. */
    Future<Boolean> exists(Vertx vertx, StoreId id) {
        if (hub.summary(id).isPresent() || cluster.isEmpty()) {
            return Future.succeededFuture(hub.summary(id).isPresent());
        }
        return all(vertx).map(stores -> stores.stream().map(JsonObject.class::cast)
                .anyMatch(store -> store.getValue("node") != null && key(store).equals(key(StoreIds.toJson(id)))));
    }

    /** Drops the store wherever it is held; true if any node held it. */
    Future<Boolean> drop(Vertx vertx, StoreId id) {
        Future<Boolean> local = vertx.executeBlocking(() -> hub.drop(id), false);
        if (cluster.isEmpty()) {
            return local;
        }
        List<Future<Boolean>> drops = new ArrayList<>(List.of(local));
        for (String member : cluster.get().members()) {
            if (!member.equals(cluster.get().nodeId())) {
                drops.add(vertx.eventBus().<Boolean>request(dropAddress(member), StoreIds.toJson(id),
                        new DeliveryOptions().setSendTimeout(ANSWER_TIMEOUT_MS)).map(reply -> reply.body()));
            }
        }
        return Future.all(drops).map(all -> drops.stream().anyMatch(Future::result));
    }
}
