package dev.reel.transport.http.internal;

import dev.reel.catalog.Entry;
import dev.reel.catalog.Registration;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/** Catalog answers as JSON, in the API's snake_case. */
final class DatasetJson {
    private DatasetJson() {}

    /** {@code {"id", "name", "kind", "created_at", "updated_at", "default_blueprint"?}}. */
    static JsonObject entry(Entry entry) {
        JsonObject json = new JsonObject()
                .put("id", entry.id().toString())
                .put("name", entry.name().value())
                .put("kind", entry.kind().name().toLowerCase(Locale.ROOT))
                .put("created_at", entry.createdAt().toString())
                .put("updated_at", entry.updatedAt().toString());
        entry.defaultBlueprint().ifPresent(blueprint -> json.put("default_blueprint", blueprint));
        return json;
    }

    static JsonArray entries(List<Entry> entries) {
        JsonArray array = new JsonArray();
        entries.forEach(entry -> array.add(entry(entry)));
        return array;
    }

    /**
     * One row of a registration (A.7): {@code rerun_segment_id}, {@code rerun_segment_layer},
     * {@code rerun_segment_type}, {@code rerun_storage_url}, {@code rerun_task_id}, and Reel's {@code status} and
     * {@code error}.
     */
    static JsonObject registration(Registration row) {
        JsonObject json = new JsonObject()
                .put("rerun_segment_id", row.segment().map(s -> s.value()).orElse(null))
                .put("rerun_segment_layer", row.layer().value())
                .put("rerun_segment_type", "rrd")
                .put("rerun_storage_url", row.storageUrl())
                .put("rerun_task_id", row.taskId())
                .put("status", row.status().name().toLowerCase(Locale.ROOT));
        row.error().ifPresent(error -> json.put("error", error));
        return json;
    }

    static JsonArray registrations(List<Registration> rows) {
        JsonArray array = new JsonArray();
        rows.forEach(row -> array.add(registration(row)));
        return array;
    }
}
