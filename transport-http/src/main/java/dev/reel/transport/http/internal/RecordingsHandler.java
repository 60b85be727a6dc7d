package dev.reel.transport.http.internal;

import dev.reel.api.Timeline;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreSummary;
import dev.reel.store.TimeRange;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * {@code GET /api/recordings}: the logical recordings (and blueprints) in the viewer store, with their sources,
 * sizes and timelines; a blueprint also says whether it is its application's default and active one.
 */
final class RecordingsHandler implements Handler<RoutingContext> {
    private final StoreHub hub;

    @Inject
    RecordingsHandler(StoreHub hub) {
        this.hub = hub;
    }

    @Override
    public void handle(RoutingContext context) {
        JsonArray recordings = new JsonArray();
        for (StoreSummary summary : hub.stores()) {
            JsonObject store = toJson(summary);
            if (summary.id().isBlueprint()) {
                // which blueprint the application falls back to, and which it shows (rerun-data-platform.md D.2)
                store.put("default", hub.defaultBlueprint(summary.id().applicationId()).filter(summary.id()::equals)
                        .isPresent());
                store.put("active", hub.activeBlueprint(summary.id().applicationId()).filter(summary.id()::equals)
                        .isPresent());
            }
            recordings.add(store);
        }
        context.response().putHeader("content-type", "application/json").end(recordings.encode());
    }

    static JsonObject toJson(StoreSummary summary) {
        JsonObject timelines = new JsonObject();
        for (Map.Entry<Timeline, TimeRange> entry : summary.stats().timelines().entrySet()) {
            timelines.put(entry.getKey().name(), new JsonObject()
                    .put("type", entry.getKey().type().displayName())
                    .put("min", entry.getValue().min())
                    .put("max", entry.getValue().max()));
        }
        return new JsonObject()
                .put("kind", summary.id().kind().toString())
                .put("application_id", summary.id().applicationId().value())
                .put("recording_id", summary.id().recordingId().value())
                .put("sources", new JsonArray(summary.sources().stream().sorted().toList()))
                .put("chunks", summary.stats().chunks())
                .put("rows", summary.stats().rows())
                .put("bytes", summary.stats().bytes())
                .put("timelines", timelines);
    }
}
