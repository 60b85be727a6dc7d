package dev.reel.distribution.cli;

import java.util.Locale;

/** Numbers for human eyes, as Rerun's {@code re_format} prints them. */
final class Formatting {
    /** Rerun separates thousands with a thin space (U+2009). */
    static final char THIN_SPACE = '\u2009';

    private static final double KIB = 1024;
    private static final double MIB = KIB * 1024;
    private static final double GIB = MIB * 1024;

    private Formatting() {}

    /** {@code format_bytes}: {@code 1023 B}, {@code 1.0 KiB}, {@code 12.1 KiB}, {@code 118 MiB}. */
    static String bytes(double bytes) {
        if (bytes < 0) {
            return "\u2212" + bytes(-bytes);
        }
        if (bytes == 0) {
            return "0 B";
        }
        if (bytes < 1) {
            return bytes + " B";
        }
        if (bytes < 20) {
            return bytes == Math.rint(bytes) ? String.format(Locale.ROOT, "%.0f B", bytes)
                    : String.format(Locale.ROOT, "%.1f B", bytes);
        }
        if (bytes < KIB) {
            return String.format(Locale.ROOT, "%.0f B", bytes);
        }
        if (bytes < MIB) {
            return scaled(bytes, KIB, "KiB");
        }
        if (bytes < GIB) {
            return scaled(bytes, MIB, "MiB");
        }
        return scaled(bytes, GIB, "GiB");
    }

    /** One decimal while the value is below ten units, none above. */
    private static String scaled(double bytes, double unit, String name) {
        return String.format(Locale.ROOT, bytes * 10 < unit * 1024 ? "%.1f %s" : "%.0f %s", bytes / unit, name);
    }

    /** {@code format_uint}: thousands separated by thin spaces, e.g. {@code 1 234 567}. */
    static String uint(long value) {
        String digits = Long.toString(value);
        StringBuilder out = new StringBuilder();
        int lead = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        out.append(digits, 0, lead);
        for (int i = lead; i < digits.length(); i += 3) {
            out.append(THIN_SPACE).append(digits, i, i + 3);
        }
        return out.toString();
    }

    /** An average as Rerun prints it ({@code {:.3}}), NaN when there was nothing to average. */
    static String average(double value) {
        return Double.isNaN(value) ? "NaN" : String.format(Locale.ROOT, "%.3f", value);
    }
}
