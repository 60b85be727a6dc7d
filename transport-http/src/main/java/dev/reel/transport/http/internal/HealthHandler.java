package dev.reel.transport.http.internal;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;

/** {@code GET /api/health}: UP when every bundle is active, with the state of each. */
final class HealthHandler implements Handler<RoutingContext> {
    private final BundleStates bundleStates;

    @Inject
    HealthHandler(BundleStates bundleStates) {
        this.bundleStates = bundleStates;
    }

    @Override
    public void handle(RoutingContext context) {
        JsonArray bundles = new JsonArray();
        boolean up = true;
        for (BundleStates.BundleState bundle : bundleStates.bundles()) {
            up &= bundle.healthy();
            bundles.add(new JsonObject()
                    .put("name", bundle.name())
                    .put("version", bundle.version())
                    .put("state", bundle.state()));
        }
        JsonObject body = new JsonObject().put("status", up ? "UP" : "DOWN").put("bundles", bundles);
        context.response()
                .setStatusCode(up ? 200 : 503)
                .putHeader("content-type", "application/json")
                .end(body.encode());
    }
}
