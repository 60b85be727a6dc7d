package dev.reel.store;

/** An inclusive range of times on one timeline. */
public record TimeRange(long min, long max) {
    public TimeRange {
        if (min > max) {
            throw new IllegalArgumentException("empty time range " + min + ".." + max);
        }
    }

    public boolean intersects(long from, long to) {
        return min <= to && from <= max;
    }

    public TimeRange union(TimeRange other) {
        return new TimeRange(Math.min(min, other.min), Math.max(max, other.max));
    }
}
