package dev.reel.transport.http.internal;

import dev.reel.api.platform.ModuleInfo;
import dev.reel.api.platform.Cluster;
import dev.reel.api.platform.Modules;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;

/**
 * {@code GET /api/health}: {@code UP} when every bundle runs; {@code DEGRADED} (still 200) when only extensions do
 * not, each with the reason; {@code DOWN} with 503 when a bundle of the platform itself does not. In a cluster it
 * also names this node and lists the members with their endpoints.
 */
final class HealthHandler implements Handler<RoutingContext> {
    private final Modules modules;
    private final Optional<Cluster> cluster;

    @Inject
    HealthHandler(Modules modules, Cluster cluster) {
        this(modules, Optional.of(cluster));
    }

    HealthHandler(Modules modules, Optional<Cluster> cluster) {
        this.modules = modules;
        this.cluster = cluster.filter(Cluster::clustered);
    }

    @Override
    public void handle(RoutingContext context) {
        JsonArray bundles = new JsonArray();
        boolean platformUp = true;
        boolean extensionsUp = true;
        for (ModuleInfo module : modules.list()) {
            if (module.origin() == ModuleInfo.Origin.PLATFORM) {
                platformUp &= module.healthy();
            } else {
                extensionsUp &= module.healthy();
            }
            bundles.add(ModuleJson.of(module));
        }
        String status = !platformUp ? "DOWN" : extensionsUp ? "UP" : "DEGRADED";
        JsonObject body = new JsonObject().put("status", status).put("bundles", bundles);
        int code = platformUp ? 200 : 503;
        if (cluster.isEmpty()) {
            send(context, code, body);
            return;
        }
        members(cluster.get()).onComplete(members -> send(context, code, body.put("cluster", new JsonObject()
                .put("node", cluster.get().nodeId())
                .put("members", members.succeeded() ? members.result() : new JsonArray()))));
    }

    /** The cluster's members, each with the endpoints it published: {@code {"node", "http", "tcp", ...}}. */
    private static Future<JsonArray> members(Cluster cluster) {
        List<String> ids = cluster.members();
        List<Future<Map<String, String>>> endpoints = ids.stream().map(cluster::endpoints).toList();
        return Future.join(endpoints).map(all -> {
            JsonArray members = new JsonArray();
            for (int i = 0; i < ids.size(); i++) {
                JsonObject member = new JsonObject().put("node", ids.get(i));
                if (endpoints.get(i).succeeded()) {
                    endpoints.get(i).result().forEach(member::put);
                }
                members.add(member);
            }
            return members;
        });
    }

    private static void send(RoutingContext context, int code, JsonObject body) {
        context.response()
                .setStatusCode(code)
                .putHeader("content-type", "application/json")
                .end(body.encode());
    }
}
