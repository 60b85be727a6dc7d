package dev.reel.transport.http.internal;

import dev.reel.api.platform.ModuleInfo;
import dev.reel.api.platform.Modules;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;

/**
 * {@code GET /api/health}: {@code UP} when every bundle runs; {@code DEGRADED} (still 200) when only extensions do
 * not, each with the reason; {@code DOWN} with 503 when a bundle of the platform itself does not.
 */
final class HealthHandler implements Handler<RoutingContext> {
    private final Modules modules;

    @Inject
    HealthHandler(Modules modules) {
        this.modules = modules;
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
        context.response()
                .setStatusCode(platformUp ? 200 : 503)
                .putHeader("content-type", "application/json")
                .end(body.encode());
    }
}
