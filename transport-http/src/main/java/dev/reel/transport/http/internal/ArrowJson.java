package dev.reel.transport.http.internal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.util.Text;

/**
 * Arrow record batches as JSON rows, one object per row keyed by column name: timestamps as ISO-8601 UTC
 * strings, fixed-size binary (ids, hashes) as hex, other binary (such as {@code chunk_key}) as base64, lists as
 * arrays, structs as objects, nulls as {@code null}.
 */
final class ArrowJson {
    private ArrowJson() {}

    static JsonArray rows(VectorSchemaRoot root) {
        JsonArray rows = new JsonArray();
        List<FieldVector> vectors = root.getFieldVectors();
        for (int row = 0; row < root.getRowCount(); row++) {
            JsonObject object = new JsonObject();
            for (FieldVector vector : vectors) {
                object.put(vector.getName(), value(vector, row));
            }
            rows.add(object);
        }
        return rows;
    }

    private static Object value(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        if (vector instanceof TimeStampVector timestamps) {
            ArrowType.Timestamp type = (ArrowType.Timestamp) vector.getField().getType();
            return instant(timestamps.get(row), type.getUnit()).toString();
        }
        if (vector instanceof FixedSizeBinaryVector fixed) {
            return HexFormat.of().formatHex(fixed.get(row));
        }
        return json(vector.getObject(row));
    }

    /** What {@code getObject} gives, made JSON: nested lists and structs come as Java lists and maps. */
    private static Object json(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Text text) {
            return text.toString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof List<?> list) {
            JsonArray array = new JsonArray();
            list.forEach(item -> array.add(json(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObject object = new JsonObject();
            map.forEach((key, item) -> object.put(String.valueOf(key), json(item)));
            return object;
        }
        return value.toString();
    }

    private static Instant instant(long value, TimeUnit unit) {
        return switch (unit) {
            case SECOND -> Instant.ofEpochSecond(value);
            case MILLISECOND -> Instant.ofEpochMilli(value);
            case MICROSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L),
                    Math.floorMod(value, 1_000_000L) * 1_000L);
            case NANOSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L),
                    Math.floorMod(value, 1_000_000_000L));
        };
    }
}
