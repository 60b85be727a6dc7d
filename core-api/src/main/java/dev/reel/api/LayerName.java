package dev.reel.api;

import static java.util.Objects.requireNonNull;

/** One of the immutable layers a segment is made of; a segment is the union of its layers. */
public record LayerName(String value) implements Comparable<LayerName> {
    /** The layer used when none is named. */
    public static final LayerName BASE = new LayerName("base");

    public LayerName {
        requireNonNull(value, "value is null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("layer name must not be empty");
        }
        if (value.indexOf('\u0000') >= 0) {
            // PostgreSQL's text cannot hold it: a catalog on PostgreSQL could not keep such an id
            throw new IllegalArgumentException("layer name must not contain the NUL character (U+0000)");
        }
    }

    /** Rerun treats an absent or empty layer name as {@code base}. */
    public static LayerName ofNullable(String value) {
        return value == null || value.isEmpty() ? BASE : new LayerName(value);
    }

    @Override
    public int compareTo(LayerName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
