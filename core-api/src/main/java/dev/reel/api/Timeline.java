package dev.reel.api;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;

/**
 * A named time axis. Rerun orders timelines by name, then type.
 *
 * @param name for example {@code log_time} or {@code frame}
 * @param type how its values are read
 */
public record Timeline(String name, TimeType type) implements Comparable<Timeline> {
    private static final Comparator<Timeline> ORDER =
            Comparator.comparing(Timeline::name).thenComparing(Timeline::type);

    public Timeline {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("timeline name must not be empty");
        }
    }

    public static Timeline sequence(String name) {
        return new Timeline(name, TimeType.SEQUENCE);
    }

    public static Timeline timestamp(String name) {
        return new Timeline(name, TimeType.TIMESTAMP);
    }

    public static Timeline duration(String name) {
        return new Timeline(name, TimeType.DURATION);
    }

    /** The SDKs' automatic wall-clock timeline. */
    public static Timeline logTime() {
        return timestamp("log_time");
    }

    /** The SDKs' optional per-call counter timeline. */
    public static Timeline logTick() {
        return sequence("log_tick");
    }

    @Override
    public int compareTo(Timeline other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return name + " (" + type + ")";
    }
}
