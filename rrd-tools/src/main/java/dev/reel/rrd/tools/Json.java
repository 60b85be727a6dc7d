package dev.reel.rrd.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.reel.api.StoreId;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.TimeColumn;
import dev.reel.rrd.RrdManifest;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes the verbs print with {@code --json}: field names in snake_case, times as integers. Objects are
 * built as insertion-ordered maps and lists of strings, numbers, booleans and nulls, and written with Jackson's
 * streaming generator: Vert.x's JSON types would load Vert.x into every file tool for nothing.
 */
final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    /** A new, empty object. */
    static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }

    /** {@code kind}, {@code application_id}, {@code recording_id} under the given name of the kind field. */
    static Map<String, Object> store(Map<String, Object> json, String kindField, StoreId id) {
        json.put(kindField, id.kind().toString());
        json.put("application_id", id.applicationId().value());
        json.put("recording_id", id.recordingId().value());
        return json;
    }

    /** A chunk's id, entity, rows, timelines ({@code {name: {type, min, max, sorted}}}) and components. */
    static Map<String, Object> chunk(Map<String, Object> json, Chunk chunk) {
        Map<String, Object> timelines = object();
        for (TimeColumn time : chunk.timeColumns()) {
            Map<String, Object> timeline = object();
            timeline.put("type", time.timeline().type().displayName());
            if (time.size() > 0) {
                timeline.put("min", time.min());
                timeline.put("max", time.max());
            }
            timeline.put("sorted", time.isSorted());
            timelines.put(time.timeline().name(), timeline);
        }
        List<Object> components = new ArrayList<>();
        chunk.components().forEach(c -> components.add(c.descriptor().component()));
        json.put("chunk_id", chunk.id().toString());
        json.put("entity_path", chunk.entityPath().toString());
        json.put("rows", chunk.numRows());
        json.put("static", chunk.isStatic());
        json.put("size_bytes", chunk.sizeBytes());
        json.put("timelines", timelines);
        json.put("components", components);
        return json;
    }

    /** A footer manifest and its chunk entries. */
    static Map<String, Object> manifest(RrdManifest manifest, String source) {
        List<Object> chunks = new ArrayList<>();
        for (RrdManifest.Entry entry : manifest.chunks()) {
            Map<String, Object> json = object();
            json.put("chunk_id", entry.chunkId().toString());
            json.put("entity_path", entry.entityPath());
            json.put("static", entry.isStatic());
            json.put("byte_offset", entry.byteOffset());
            json.put("byte_size", entry.byteSize());
            entry.numRows().ifPresent(rows -> json.put("rows", rows));
            entry.byteSizeUncompressed().ifPresent(size -> json.put("byte_size_uncompressed", size));
            chunks.add(json);
        }
        Map<String, Object> json = object();
        json.put("source", source);
        store(json, "store_kind", manifest.storeId());
        json.put("sorbet_schema_sha256", HexFormat.of().formatHex(manifest.schemaSha256()));
        json.put("chunks", chunks);
        return json;
    }

    /** On one line. */
    static String encode(Map<String, Object> json) {
        return write(json, false);
    }

    /** Indented, one field per line (Jackson's default pretty printer). */
    static String encodePrettily(Map<String, Object> json) {
        return write(json, true);
    }

    private static String write(Object value, boolean pretty) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            if (pretty) {
                generator.useDefaultPrettyPrinter();
            }
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static void write(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> field : map.entrySet()) {
                generator.writeFieldName(field.getKey().toString());
                write(generator, field.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object item : list) {
                write(generator, item);
            }
            generator.writeEndArray();
        } else if (value instanceof String string) {
            generator.writeString(string);
        } else if (value instanceof Boolean bool) {
            generator.writeBoolean(bool);
        } else if (value instanceof Integer number) {
            generator.writeNumber(number);
        } else if (value instanceof Long number) {
            generator.writeNumber(number);
        } else if (value instanceof Double number) {
            generator.writeNumber(number);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }
}
