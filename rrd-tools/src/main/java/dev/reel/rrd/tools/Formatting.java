package dev.reel.rrd.tools;

import java.util.Locale;

/** Numbers for human eyes, as Rerun's {@code re_format} prints them. */
public final class Formatting {
    /** Rerun separates thousands with a thin space (U+2009). */
    static final char THIN_SPACE = '\u2009';

    private static final double KIB = 1024;
    private static final double MIB = KIB * 1024;
    private static final double GIB = MIB * 1024;

    private Formatting() {}

    /** {@code format_bytes}: {@code 1023 B}, {@code 1.0 KiB}, {@code 12.1 KiB}, {@code 118 MiB}. */
    public static String bytes(double bytes) {
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
    public static String uint(long value) {
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

    /**
     * Parses a size as Rerun's {@code parse_bytes} does: a number (fractions allowed) with {@code kB MB GB TB}
     * (powers of 1000), {@code KiB MiB GiB TiB} (powers of 1024) or {@code B}; case-sensitive; {@code 0} alone.
     */
    public static long parseBytes(String text) {
        String value = text.trim();
        if (value.equals("0")) {
            return 0;
        }
        String[][] units = {{"kB", "1000"}, {"MB", "1000000"}, {"GB", "1000000000"}, {"TB", "1000000000000"},
            {"KiB", "1024"}, {"MiB", "1048576"}, {"GiB", "1073741824"}, {"TiB", "1099511627776"}, {"B", "1"}};
        for (String[] unit : units) {
            if (value.endsWith(unit[0])) {
                String number = value.substring(0, value.length() - unit[0].length()).trim();
                try {
                    double bytes = Double.parseDouble(number) * Long.parseLong(unit[1]);
                    if (bytes < 0 || Double.isNaN(bytes) || bytes > Long.MAX_VALUE) {
                        break;
                    }
                    return (long) bytes;
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new IllegalArgumentException("expected a size like 2MiB, 500kB or 0, got '" + text + "'");
    }
}
