package dev.reel.distribution.cli;

import dev.reel.api.StoreId;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.TimeColumn;
import dev.reel.rrd.RrdManifest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HexFormat;

/** The JSON shapes the verbs print with {@code --json}: field names in snake_case, times as integers. */
final class Json {
    private Json() {}

    /** {@code kind}, {@code application_id}, {@code recording_id} under the given name of the kind field. */
    static JsonObject store(JsonObject json, String kindField, StoreId id) {
        return json.put(kindField, id.kind().toString())
                .put("application_id", id.applicationId().value())
                .put("recording_id", id.recordingId().value());
    }

    /** A chunk's id, entity, rows, timelines ({@code {name: {type, min, max, sorted}}}) and components. */
    static JsonObject chunk(JsonObject json, Chunk chunk) {
        JsonObject timelines = new JsonObject();
        for (TimeColumn time : chunk.timeColumns()) {
            JsonObject timeline = new JsonObject().put("type", time.timeline().type().displayName());
            if (time.size() > 0) {
                timeline.put("min", time.min()).put("max", time.max());
            }
            timelines.put(time.timeline().name(), timeline.put("sorted", time.isSorted()));
        }
        JsonArray components = new JsonArray();
        chunk.components().forEach(c -> components.add(c.descriptor().component()));
        return json.put("chunk_id", chunk.id().toString())
                .put("entity_path", chunk.entityPath().toString())
                .put("rows", chunk.numRows())
                .put("static", chunk.isStatic())
                .put("size_bytes", chunk.sizeBytes())
                .put("timelines", timelines)
                .put("components", components);
    }

    /** A footer manifest and its chunk entries. */
    static JsonObject manifest(RrdManifest manifest, String source) {
        JsonArray chunks = new JsonArray();
        for (RrdManifest.Entry entry : manifest.chunks()) {
            JsonObject json = new JsonObject().put("chunk_id", entry.chunkId().toString())
                    .put("entity_path", entry.entityPath())
                    .put("static", entry.isStatic())
                    .put("byte_offset", entry.byteOffset())
                    .put("byte_size", entry.byteSize());
            entry.numRows().ifPresent(rows -> json.put("rows", rows));
            entry.byteSizeUncompressed().ifPresent(size -> json.put("byte_size_uncompressed", size));
            chunks.add(json);
        }
        return store(new JsonObject().put("source", source), "store_kind", manifest.storeId())
                .put("sorbet_schema_sha256", HexFormat.of().formatHex(manifest.schemaSha256()))
                .put("chunks", chunks);
    }
}
