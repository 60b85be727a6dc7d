package dev.reel.api;

import static java.util.Objects.requireNonNull;

/** Identifies one row of one chunk; row ids order all data and break ties between equal times. */
public record RowId(Tuid tuid) implements Comparable<RowId> {
    public RowId {
        requireNonNull(tuid, "tuid is null");
    }

    public static RowId next() {
        return new RowId(Tuid.next());
    }

    /** Parses {@code row_} and the hex digits; the prefix is optional. */
    public static RowId parse(String text) {
        return new RowId(Tuid.parsePrefixed(text, "row"));
    }

    @Override
    public int compareTo(RowId other) {
        return tuid.compareTo(other.tuid);
    }

    /** Rerun's form, {@code row_} followed by the 32 hex digits. */
    @Override
    public String toString() {
        return "row_" + tuid;
    }
}
