package dev.reel.api.log;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.vector.complex.ListVector;

/**
 * One component column of a chunk: row {@code i} holds the list of instances logged in row {@code i}, or null
 * where the component was not logged. A view over a vector owned by the chunk.
 */
public record ComponentColumn(ComponentDescriptor descriptor, ListVector vector) {
    public ComponentColumn {
        requireNonNull(descriptor, "descriptor is null");
        requireNonNull(vector, "vector is null");
    }

    /** True if the component was logged in this row (an empty list counts as logged). */
    public boolean isPresent(int row) {
        return !vector.isNull(row);
    }
}
