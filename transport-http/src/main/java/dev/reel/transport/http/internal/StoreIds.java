package dev.reel.transport.http.internal;

import dev.reel.api.ApplicationId;
import dev.reel.api.RecordingId;
import dev.reel.api.StoreId;
import dev.reel.api.StoreKind;
import io.vertx.core.json.JsonObject;

/** A store id as the HTTP API writes it in JSON: {@code kind}, {@code application_id}, {@code recording_id}. */
final class StoreIds {
    private StoreIds() {}

    static JsonObject toJson(StoreId id) {
        return new JsonObject().put("kind", id.kind().toString()).put("application_id", id.applicationId().value())
                .put("recording_id", id.recordingId().value());
    }

    static StoreId fromJson(JsonObject json) {
        return new StoreId(StoreKind.valueOf(json.getString("kind").toUpperCase(java.util.Locale.ROOT)),
                ApplicationId.of(json.getString("application_id")), RecordingId.of(json.getString("recording_id")));
    }
}
