package dev.reel.api;

import java.util.Locale;

/** How the 64-bit values of a timeline are read. */
public enum TimeType {
    /** Frame numbers, ticks: plain integers. Arrow type {@code Int64}. */
    SEQUENCE,
    /** Nanoseconds since the Unix epoch. Arrow type {@code Timestamp(ns)}. */
    TIMESTAMP,
    /** Nanoseconds since an arbitrary start. Arrow type {@code Duration(ns)}. */
    DURATION;

    /** Rerun's display name: {@code sequence}, {@code timestamp} or {@code duration}. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TimeType fromDisplayName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return displayName();
    }
}
