package dev.reel.transport.http.internal;

import dev.reel.api.TimeType;
import dev.reel.api.Timeline;
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
 * sizes and timelines; a blueprint also says whether it is its application's default and active one. In a cluster,
 * every node's, each with the {@code node} holding it, and {@code lost} where a node that held part of it left.
 */
final class RecordingsHandler implements Handler<RoutingContext> {
    private final ClusterRecordings recordings;

    @Inject
    RecordingsHandler(ClusterRecordings recordings) {
        this.recordings = recordings;
    }

    @Override
    public void handle(RoutingContext context) {
        recordings.all(context.vertx()).onComplete(listed -> {
            if (listed.failed()) {
                ApiErrors.send(context, 500, "internal", "cannot list the recordings: " + listed.cause().getMessage());
            } else {
                context.response().putHeader("content-type", "application/json").end(listed.result().encode());
            }
        });
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
        return StoreIds.toJson(summary.id())
                .put("sources", new JsonArray(summary.sources().stream().sorted().toList()))
                .put("chunks", summary.stats().chunks())
                .put("rows", summary.stats().rows())
                .put("bytes", summary.stats().bytes())
                .put("timelines", timelines);
    }
}
