package dev.reel.api;

import static java.util.Objects.requireNonNull;

/**
 * A segment of a dataset: registering a recording makes its recording id a segment id. Free-form, as in
 * Rerun, but never empty.
 */
public record SegmentId(String value) implements Comparable<SegmentId> {
    public SegmentId {
        requireNonNull(value, "value is null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("segment id must not be empty");
        }
        if (value.indexOf('\u0000') >= 0) {
            // PostgreSQL's text cannot hold it: a catalog on PostgreSQL could not keep such an id
            throw new IllegalArgumentException("segment id must not contain the NUL character (U+0000)");
        }
    }

    public static SegmentId of(String value) {
        return new SegmentId(value);
    }

    public static SegmentId of(RecordingId recordingId) {
        return new SegmentId(recordingId.value());
    }

    @Override
    public int compareTo(SegmentId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
