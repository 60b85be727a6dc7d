package dev.reel.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the 64-bit values of a timeline are read. */
public enum TimeType {
    /** Frame numbers, ticks: plain integers. Arrow type {@code Int64}. */
    SEQUENCE,
    /** Nanoseconds since the Unix epoch. Arrow type {@code Timestamp(ns)}. */
    TIMESTAMP,
    /** Nanoseconds since an arbitrary start. Arrow type {@code Duration(ns)}. */
    DURATION;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** Rerun's display name: {@code sequence}, {@code timestamp} or {@code duration}. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TimeType fromDisplayName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /**
     * A value of this type as Rerun shows it: a sequence as its number, a timestamp in RFC 3339 (UTC, fractional
     * seconds only as far as needed, as the {@code jiff} crate prints it), a duration as Rust's {@code Duration}
     * debug form ({@code 1.5s}, {@code 250ms}, {@code 0ns}).
     */
    public String format(long value) {
        return switch (this) {
            case SEQUENCE -> Long.toString(value);
            case TIMESTAMP -> timestamp(value);
            case DURATION -> duration(value);
        };
    }

    private static String timestamp(long nanos) {
        long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long fraction = Math.floorMod(nanos, NANOS_PER_SECOND);
        return SECONDS.format(Instant.ofEpochSecond(seconds)) + fraction(fraction, 9) + "Z";
    }

    private static String duration(long nanos) {
        if (nanos < 0) {
            return "-" + duration(nanos == Long.MIN_VALUE ? Long.MAX_VALUE : -nanos);
        }
        if (nanos >= NANOS_PER_SECOND) {
            return nanos / NANOS_PER_SECOND + fraction(nanos % NANOS_PER_SECOND, 9) + "s";
        }
        if (nanos >= 1_000_000) {
            return nanos / 1_000_000 + fraction(nanos % 1_000_000, 6) + "ms";
        }
        if (nanos >= 1_000) {
            return nanos / 1_000 + fraction(nanos % 1_000, 3) + "\u00b5s";
        }
        return nanos + "ns";
    }

    /** {@code .ddd} with trailing zeros removed, or nothing for zero. */
    private static String fraction(long value, int digits) {
        if (value == 0) {
            return "";
        }
        String text = String.format(Locale.ROOT, "%0" + digits + "d", value);
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        return "." + text.substring(0, end);
    }

    @Override
    public String toString() {
        return displayName();
    }
}
