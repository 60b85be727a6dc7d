package dev.reel.distribution.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** JSON rows as an aligned text table for people: a header, then a line per row; lists are comma-joined. */
final class TextTable {
    private TextTable() {}

    /**
     * Prints the given columns of the rows (every column of the first row when none are given); a column the
     * rows lack shows as {@code -}.
     */
    static void print(PrintWriter out, JsonArray rows, List<String> columns) {
        List<String> shown = columns.isEmpty() && !rows.isEmpty()
                ? new ArrayList<>(rows.getJsonObject(0).fieldNames()) : columns;
        List<List<String>> cells = new ArrayList<>();
        for (Object row : rows) {
            List<String> line = new ArrayList<>();
            for (String column : shown) {
                line.add(text(((JsonObject) row).getValue(column)));
            }
            cells.add(line);
        }
        int[] widths = new int[shown.size()];
        for (int c = 0; c < shown.size(); c++) {
            widths[c] = shown.get(c).length();
            for (List<String> line : cells) {
                widths[c] = Math.max(widths[c], line.get(c).length());
            }
        }
        out.println(line(shown, widths));
        cells.forEach(line -> out.println(line(line, widths)));
        out.flush();
    }

    private static String line(List<String> values, int[] widths) {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < values.size(); c++) {
            String value = values.get(c);
            text.append(value);
            if (c < values.size() - 1) {
                text.append(" ".repeat(widths[c] - value.length() + 2));
            }
        }
        return text.toString();
    }

    private static String text(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof JsonArray list) {
            return list.stream().map(TextTable::text).collect(Collectors.joining(","));
        }
        return value.toString();
    }
}
