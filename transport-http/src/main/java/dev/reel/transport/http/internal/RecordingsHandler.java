package dev.reel.transport.http.internal;

import dev.reel.api.TimeType;
import dev.reel.api.Timeline;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreSummary;
import dev.reel.store.TimeRange;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
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
        // By name, as the command line lists them; values as integers and as Rerun shows them
        List<Map.Entry<Timeline, TimeRange>> byName = summary.stats().timelines().entrySet().stream()
                .sorted(Comparator.comparing(entry -> entry.getKey().name())).toList();
        for (Map.Entry<Timeline, TimeRange> entry : byName) {
            TimeType type = entry.getKey().type();
            timelines.put(entry.getKey().name(), new JsonObject()
                    .put("type", type.displayName())
                    .put("min", entry.getValue().min())
                    .put("max", entry.getValue().max())
                    .put("min_text", type.format(entry.getValue().min()))
                    .put("max_text", type.format(entry.getValue().max())));
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
