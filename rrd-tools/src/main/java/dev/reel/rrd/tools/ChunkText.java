package dev.reel.rrd.tools;

import dev.reel.api.log.Chunk;
import dev.reel.api.log.ComponentColumn;
import dev.reel.api.log.TimeColumn;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Chunks as text, the way {@code rerun rrd print} shows them (not a stable format: scripts use {@code --json}). */
final class ChunkText {
    /** Cells are cut to this many characters, as Rerun's table printer does. */
    static final int MAX_CELL = 100;

    private ChunkText() {}

    /** {@code Chunk(chunk_…) with N rows (size) - /entity - }. */
    static String summary(Chunk chunk) {
        return "Chunk(" + chunk.id() + ") with " + chunk.numRows() + " rows (" + Formatting.bytes(chunk.sizeBytes())
                + ") - " + chunk.entityPath() + " - ";
    }

    /** {@code data columns: [...]}: component identifiers, or with the entity ({@code /e@Comp:field}). */
    static String dataColumns(Chunk chunk, boolean qualified) {
        return chunk.components().stream()
                .map(c -> (qualified ? chunk.entityPath() + "@" : "") + c.descriptor().component())
                .collect(Collectors.joining(" ", "data columns: [", "]"));
    }

    /** The schema: its metadata, then one line per column with type and metadata. */
    static List<String> schema(Chunk chunk) {
        List<String> lines = new ArrayList<>();
        lines.add("schema metadata: " + metadata(chunk.recordBatch().getSchema().getCustomMetadata()));
        for (FieldVector vector : chunk.recordBatch().getFieldVectors()) {
            Field field = vector.getField();
            lines.add("column " + field.getName() + ": " + type(field) + " " + metadata(field.getMetadata()));
        }
        return lines;
    }

    /** A header line and one line per row, cells separated by {@code  | }. */
    static List<String> table(Chunk chunk, boolean withRowIds) {
        List<String> lines = new ArrayList<>();
        List<String> header = new ArrayList<>();
        if (withRowIds) {
            header.add("row_id");
        }
        chunk.timeColumns().forEach(t -> header.add(t.timeline().name()));
        chunk.components().forEach(c -> header.add(c.descriptor().component()));
        lines.add(String.join(" | ", header));
        for (int row = 0; row < chunk.numRows(); row++) {
            List<String> cells = new ArrayList<>();
            if (withRowIds) {
                cells.add(chunk.rowId(row).toString());
            }
            for (TimeColumn time : chunk.timeColumns()) {
                cells.add(TimeText.format(time.timeline().type(), time.get(row)));
            }
            for (ComponentColumn component : chunk.components()) {
                cells.add(cell(component, row));
            }
            lines.add(String.join(" | ", cells));
        }
        return lines;
    }

    /** One component cell: {@code null} when not logged, else the list of instances, cut to {@link #MAX_CELL}. */
    static String cell(ComponentColumn column, int row) {
        return value(column.vector(), row);
    }

    static String value(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        render(vector.getObject(row), out);
        return out.length() > MAX_CELL ? out.substring(0, MAX_CELL - 1) + "\u2026" : out.toString();
    }

    private static void render(Object value, StringBuilder out) {
        if (out.length() > MAX_CELL) {
            return;
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof byte[] bytes) {
            out.append("0x").append(HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, MAX_CELL / 2)));
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size() && out.length() <= MAX_CELL; i++) {
                if (i > 0) {
                    out.append(", ");
                }
                render(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                out.append(entry.getKey()).append(": ");
                render(entry.getValue(), out);
                if (out.length() > MAX_CELL) {
                    break;
                }
            }
            out.append('}');
        } else {
            out.append(value);
        }
    }

    /** A nested Arrow type, e.g. {@code List<FixedSizeList(3)<FloatingPoint(SINGLE)>>}. */
    static String type(Field field) {
        String type = field.getType().toString();
        if (field.getChildren().isEmpty()) {
            return type;
        }
        return type + field.getChildren().stream().map(ChunkText::type).collect(Collectors.joining(", ", "<", ">"));
    }

    private static String metadata(Map<String, String> metadata) {
        return metadata.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
