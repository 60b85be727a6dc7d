package dev.reel.examples.jsonl;

import dev.reel.api.StoreId;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.ComponentColumn;
import dev.reel.api.log.TimeColumn;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** The JSON line of one chunk: where it belongs, what it holds, and when Reel stored it. */
final class ChunkLine {
    private ChunkLine() {}

    static JsonObject of(LogFrame frame, ArrowMsg message, long sequence, Instant received) {
        Chunk chunk = message.chunk();
        StoreId store = message.storeId();
        JsonObject timelines = new JsonObject();
        for (TimeColumn column : chunk.timeColumns()) {
            timelines.put(column.timeline().name(), new JsonObject()
                    .put("type", column.timeline().type().name().toLowerCase(java.util.Locale.ROOT))
                    .put("min", column.min()).put("max", column.max()));
        }
        JsonArray components = new JsonArray();
        for (ComponentColumn column : chunk.components()) {
            components.add(column.descriptor().component());
        }
        return new JsonObject()
                .put("received", received.toString())
                .put("sequence", sequence)
                .put("source", frame.source())
                .put("kind", store.kind().name().toLowerCase(java.util.Locale.ROOT))
                .put("application_id", store.applicationId().value())
                .put("recording_id", store.recordingId().value())
                .put("entity_path", chunk.entityPath().toString())
                .put("chunk_id", chunk.id().toString())
                .put("static", chunk.isStatic())
                .put("rows", chunk.numRows())
                .put("bytes", frame.size())
                .put("timelines", timelines)
                .put("components", components);
    }
}
