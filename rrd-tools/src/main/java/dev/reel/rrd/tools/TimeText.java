package dev.reel.rrd.tools;

import dev.reel.api.TimeType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Time values of a timeline as text: for display, for file names, and parsed from the command line. */
final class TimeText {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final Pattern DURATION = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(ns|us|\u00b5s|ms|s|min|h)");

    private TimeText() {}

    /** A time as Rerun shows it: {@link TimeType#format}. */
    static String format(TimeType type, long value) {
        return type.format(value);
    }

    /** {@link #format} with {@code .}, {@code :} and spaces replaced by {@code _}, as {@code rrd split} names files. */
    static String forFileName(TimeType type, long value) {
        return format(type, value).replace('.', '_').replace(':', '_').replace(' ', '_');
    }

    /**
     * Parses a time given on the command line for a timeline of this type, falling back to a plain integer (as
     * Rerun does): a sequence number; a timestamp in RFC 3339 or ISO form ({@code 2024-05-01T10:00:00Z},
     * {@code 2024-05-01 10:00:00} read as UTC, {@code 2024-05-01}); a duration with a unit ({@code 1.5s},
     * {@code 250ms}, {@code 2min}) or in ISO 8601 ({@code PT1.5S}). Plain integers are nanoseconds.
     */
    static long parse(TimeType type, String text) {
        String trimmed = text.trim();
        Long value = switch (type) {
            case SEQUENCE -> null;
            case TIMESTAMP -> parseTimestamp(trimmed);
            case DURATION -> parseDuration(trimmed);
        };
        if (value != null) {
            return value;
        }
        try {
            return Long.parseLong(trimmed);
        } catch (NumberFormatException e) {
            throw RrdToolException.usage("'" + text + "' is not a valid value for a " + type + " timeline");
        }
    }

    private static Long parseTimestamp(String text) {
        try {
            return nanos(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return nanos(LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return nanos(LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Long parseDuration(String text) {
        Matcher matcher = DURATION.matcher(text);
        if (matcher.matches()) {
            double unit = switch (matcher.group(2)) {
                case "ns" -> 1;
                case "us", "\u00b5s" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "min" -> 60e9;
                default -> 3600e9;
            };
            return Math.round(Double.parseDouble(matcher.group(1)) * unit);
        }
        try {
            return Duration.parse(text).toNanos();
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    private static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }
}
