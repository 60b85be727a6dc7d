package dev.reel.transport.http.internal;

import dev.reel.api.EntityPath;
import dev.reel.api.LayerName;
import dev.reel.api.SegmentId;
import dev.reel.catalog.ChunkQuery;
import dev.reel.catalog.DataSource;
import dev.reel.catalog.OnDuplicate;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON bodies of the catalog routes, read into the catalog's types; a body that does not fit fails with an
 * {@link IllegalArgumentException} naming the field, which the API answers as 400.
 */
final class DatasetRequests {
    private DatasetRequests() {}

    /** {@code POST /api/datasets/{name}/register}: what to register and what to do with duplicates. */
    record Register(List<DataSource> sources, OnDuplicate onDuplicate) {}

    /** {@code POST /api/datasets/{name}/query}: a chunk query, or a dataframe over its segments. */
    record Query(ChunkQuery chunks, Optional<Dataframe> dataframe) {}

    /** The dataframe part of a query: the index timeline, the columns ({@code /entity:component}), filling. */
    record Dataframe(String index, List<Column> columns, boolean fillLatestAt) {}

    /** One dataframe column. */
    record Column(EntityPath entity, String component) {}

    static JsonObject body(RoutingContext context) {
        String text = context.body().asString();
        if (text == null || text.isBlank()) {
            return new JsonObject();
        }
        try {
            return new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("the body is not a JSON object: " + e.getMessage());
        }
    }

    /** {@code {"name": "..."}}. */
    static String name(JsonObject body) {
        Object name = body.getValue("name");
        if (!(name instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException("expected {\"name\": \"...\"}");
        }
        return text;
    }

    /**
     * {@code {"uris": [...], "layer": "base", "layers": [...], "on_duplicate": "error", "prefix": false,
     * "copy": false}}: {@code layers}, when given, names one layer per uri.
     */
    static Register register(JsonObject body) {
        List<String> uris = strings(body, "uris");
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("\"uris\" must list at least one file:// URL or path");
        }
        List<String> layers = strings(body, "layers");
        if (!layers.isEmpty() && layers.size() != uris.size()) {
            throw new IllegalArgumentException("\"layers\" names " + layers.size() + " layers for " + uris.size()
                    + " uris: give one per uri, or one \"layer\" for all");
        }
        String layer = string(body, "layer").orElse(LayerName.BASE.value());
        boolean prefix = bool(body, "prefix", false);
        boolean copy = bool(body, "copy", false);
        List<DataSource> sources = new ArrayList<>();
        for (int i = 0; i < uris.size(); i++) {
            LayerName named = new LayerName(layers.isEmpty() ? layer : layers.get(i));
            sources.add(new DataSource(uris.get(i), named, prefix, copy));
        }
        return new Register(sources, onDuplicate(string(body, "on_duplicate").orElse("error")));
    }

    static OnDuplicate onDuplicate(String value) {
        try {
            return OnDuplicate.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"on_duplicate\" is error, skip or replace, not '" + value + "'");
        }
    }

    static Set<SegmentId> segments(JsonObject body) {
        Set<SegmentId> segments = new LinkedHashSet<>();
        strings(body, "segments").forEach(s -> segments.add(new SegmentId(s)));
        return segments;
    }

    static Set<LayerName> layers(JsonObject body) {
        Set<LayerName> layers = new LinkedHashSet<>();
        strings(body, "layers").forEach(l -> layers.add(new LayerName(l)));
        return layers;
    }

    /**
     * {@code {"segments", "entities", "static", "temporal", "latest_at": {"timeline", "at"},
     * "range": {"timeline", "min", "max"}, "dataframe", "index", "columns", "fill_latest_at"}}; times are
     * numbers (sequence numbers, or nanoseconds) or ISO-8601 instants.
     */
    static Query query(JsonObject body) {
        Set<String> entities = new LinkedHashSet<>();
        for (String entity : strings(body, "entities")) {
            entities.add(EntityPath.parse(entity).toString());
        }
        ChunkQuery chunks = ChunkQuery.everything()
                .withSegments(segments(body))
                .withEntityPaths(entities)
                .withStatic(bool(body, "static", true))
                .withTemporal(bool(body, "temporal", true));
        JsonObject latestAt = object(body, "latest_at");
        if (latestAt != null) {
            chunks = chunks.withLatestAt(required(latestAt, "latest_at.timeline"), time(latestAt, "at", "latest_at"));
        }
        JsonObject range = object(body, "range");
        if (range != null) {
            chunks = chunks.withRange(required(range, "range.timeline"), time(range, "min", "range"),
                    time(range, "max", "range"));
        }
        if (!bool(body, "dataframe", false)) {
            return new Query(chunks, Optional.empty());
        }
        String index = string(body, "index").orElseThrow(() -> new IllegalArgumentException(
                "a dataframe query needs \"index\": the timeline whose values become rows"));
        List<Column> columns = new ArrayList<>();
        for (String column : strings(body, "columns")) {
            int colon = column.indexOf(':');
            if (colon <= 0 || colon == column.length() - 1) {
                throw new IllegalArgumentException("column '" + column + "' is not /entity:component");
            }
            columns.add(new Column(EntityPath.parse(column.substring(0, colon)), column.substring(colon + 1)));
        }
        return new Query(chunks, Optional.of(new Dataframe(index, columns, bool(body, "fill_latest_at", false))));
    }

    private static String required(JsonObject object, String name) {
        String field = name.substring(name.indexOf('.') + 1);
        return string(object, field).orElseThrow(() -> new IllegalArgumentException("\"" + name + "\" is missing"));
    }

    private static long time(JsonObject object, String field, String parent) {
        Object value = object.getValue(field);
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text) {
            try {
                Instant instant = Instant.parse(text);
                return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new IllegalArgumentException("\"" + parent + "." + field + "\" is not a number or an ISO-8601 "
                        + "instant: " + text);
            }
        }
        throw new IllegalArgumentException("\"" + parent + "." + field + "\" is missing");
    }

    private static JsonObject object(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null || value instanceof JsonObject) {
            return (JsonObject) value;
        }
        throw new IllegalArgumentException("\"" + field + "\" must be an object");
    }

    private static Optional<String> string(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text) {
            return Optional.of(text);
        }
        throw new IllegalArgumentException("\"" + field + "\" must be a string");
    }

    private static boolean bool(JsonObject body, String field, boolean fallback) {
        Object value = body.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw new IllegalArgumentException("\"" + field + "\" must be true or false");
    }

    private static List<String> strings(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException("\"" + field + "\" must be a list of strings");
        }
        List<String> strings = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String text)) {
                throw new IllegalArgumentException("\"" + field + "\" must be a list of strings, not " + item);
            }
            strings.add(text);
        }
        return strings;
    }
}
