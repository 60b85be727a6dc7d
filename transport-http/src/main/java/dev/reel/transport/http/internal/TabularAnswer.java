package dev.reel.transport.http.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.List;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table answered the way the request asks: an Arrow IPC stream when its {@code Accept} names
 * {@value #ARROW_STREAM}, JSON rows otherwise (ARCHITECTURE: "Tabular answers are JSON, or Arrow IPC stream").
 * Encoding happens on the worker that made the table, which then closes it.
 */
final class TabularAnswer {
    static final String ARROW_STREAM = "application/vnd.apache.arrow.stream";

    private final String contentType;
    private final Buffer body;

    private TabularAnswer(String contentType, Buffer body) {
        this.contentType = contentType;
        this.body = body;
    }

    static boolean wantsArrow(RoutingContext context) {
        String accept = context.request().getHeader("accept");
        return accept != null && accept.contains(ARROW_STREAM);
    }

    /** Encodes and closes {@code table}. */
    static TabularAnswer of(RoutingContext context, VectorSchemaRoot table, BufferAllocator allocator) {
        try (table) {
            return of(context, table.getSchema(), List.of(table), allocator);
        }
    }

    /**
     * Encodes batches of one schema, as one Arrow stream or one JSON array; does not close them. A batch of
     * another schema is the caller's error.
     *
     * @param allocator for the Arrow stream's staging root
     */
    static TabularAnswer of(RoutingContext context, Schema schema, List<VectorSchemaRoot> batches,
            BufferAllocator allocator) {
        for (VectorSchemaRoot batch : batches) {
            if (!batch.getSchema().equals(schema)) {
                throw new IllegalArgumentException("the answer's parts have different columns ("
                        + names(schema) + " and " + names(batch.getSchema()) + "): ask for one segment at a time, "
                        + "or name the columns");
            }
        }
        if (wantsArrow(context)) {
            return new TabularAnswer(ARROW_STREAM, Buffer.buffer(arrowStream(schema, batches, allocator)));
        }
        JsonArray rows = new JsonArray();
        batches.forEach(batch -> ArrowJson.rows(batch).forEach(rows::add));
        return new TabularAnswer("application/json", rows.toBuffer());
    }

    /** A schema: an Arrow stream without batches, or its fields as JSON ({@code name, type, nullable, metadata}). */
    static TabularAnswer schema(RoutingContext context, Schema schema, BufferAllocator allocator) {
        if (wantsArrow(context)) {
            return new TabularAnswer(ARROW_STREAM, Buffer.buffer(arrowStream(schema, List.of(), allocator)));
        }
        JsonArray fields = new JsonArray();
        for (Field field : schema.getFields()) {
            fields.add(new JsonObject()
                    .put("name", field.getName())
                    .put("type", field.getType().toString())
                    .put("nullable", field.isNullable())
                    .put("metadata", new JsonObject(new TreeMap<>(field.getMetadata()))));
        }
        return new TabularAnswer("application/json", new JsonObject().put("fields", fields)
                .put("metadata", new JsonObject(new TreeMap<>(schema.getCustomMetadata()))).toBuffer());
    }

    /** The batches loaded in turn into a staging root of the schema (buffers are shared, not copied). */
    private static byte[] arrowStream(Schema schema, List<VectorSchemaRoot> batches, BufferAllocator allocator) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (VectorSchemaRoot staging = VectorSchemaRoot.create(schema, allocator);
                ArrowStreamWriter writer = new ArrowStreamWriter(staging, null, Channels.newChannel(bytes))) {
            writer.start();
            VectorLoader loader = new VectorLoader(staging);
            for (VectorSchemaRoot batch : batches) {
                try (ArrowRecordBatch records = new VectorUnloader(batch).getRecordBatch()) {
                    loader.load(records);
                }
                writer.writeBatch();
            }
            writer.end();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode an Arrow stream", e);
        }
        return bytes.toByteArray();
    }

    private static String names(Schema schema) {
        return schema.getFields().stream().map(Field::getName).toList().toString();
    }

    void send(RoutingContext context) {
        context.response().putHeader("content-type", contentType).end(body);
    }
}
