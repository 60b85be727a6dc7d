package dev.reel.catalog.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** How the metadata store's values become SQL parameters and columns, the same way on every database. */
final class JdbcValues {
    /**
     * The most values one {@code IN (...)} list holds; longer filters run as several statements. Both databases
     * take far more parameters (PostgreSQL 65,535), but plans over very long lists get slow.
     */
    static final int MAX_IN_LIST = 500;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private JdbcValues() {}

    /** An instant as nanoseconds since the epoch, exact (TIMESTAMP would round to microseconds on PostgreSQL). */
    static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    /** {@code column IN (?, ?, ...)} for {@code count} values. */
    static String in(String column, int count) {
        return column + " IN (" + String.join(", ", Collections.nCopies(count, "?")) + ")";
    }

    /**
     * The values in slices of at most {@link #MAX_IN_LIST}, in their order; no values give one empty slice, which
     * callers read as "no filter".
     */
    static <T> List<List<T>> slices(Collection<T> values) {
        List<T> all = List.copyOf(values);
        if (all.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> slices = new ArrayList<>();
        for (int from = 0; from < all.size(); from += MAX_IN_LIST) {
            slices.add(all.subList(from, Math.min(all.size(), from + MAX_IN_LIST)));
        }
        return slices;
    }

    /** Sets strings as parameters from {@code index} on; returns the next free index. */
    static int setStrings(PreparedStatement statement, int index, Collection<String> values) throws SQLException {
        int next = index;
        for (String value : values) {
            statement.setString(next++, value);
        }
        return next;
    }
}
