package dev.reel.distribution.cli;

import static java.util.Objects.requireNonNull;

import dev.reel.api.StoreId;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.LogMsg;
import dev.reel.rrd.sdk.RecordingSink;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Passes a recording's messages on to another sink and counts what went through: every message, and the
 * chunks and rows per entity of the recording itself (its blueprint's chunks count only as messages).
 */
final class RecordingTally implements RecordingSink {
    private final RecordingSink next;
    private final StoreId recording;
    private final Map<String, Long> rowsByEntity = new TreeMap<>();
    private long messages;
    private long chunks;

    RecordingTally(RecordingSink next, StoreId recording) {
        this.next = requireNonNull(next, "next is null");
        this.recording = requireNonNull(recording, "recording is null");
    }

    @Override
    public void send(LogMsg message) throws IOException {
        next.send(message);
        messages++;
        if (message instanceof ArrowMsg arrow && arrow.storeId().equals(recording)) {
            chunks++;
            rowsByEntity.merge(arrow.chunk().entityPath().toString(), (long) arrow.chunk().numRows(), Long::sum);
        }
    }

    @Override
    public void flush() throws IOException {
        next.flush();
    }

    @Override
    public void close() throws IOException {
        next.close();
    }

    /** {@code application_id}, {@code recording_id}, {@code messages}, {@code chunks}, {@code rows}, {@code entities}. */
    JsonObject toJson() {
        JsonObject entities = new JsonObject();
        rowsByEntity.forEach(entities::put);
        return new JsonObject().put("application_id", recording.applicationId().value())
                .put("recording_id", recording.recordingId().value())
                .put("messages", messages)
                .put("chunks", chunks)
                .put("rows", rowsByEntity.values().stream().mapToLong(Long::longValue).sum())
                .put("entities", entities);
    }
}
