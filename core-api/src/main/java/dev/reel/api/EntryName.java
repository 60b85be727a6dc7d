package dev.reel.api;

import static java.util.Objects.requireNonNull;

/**
 * The unique, renamable name of a catalog entry. Rerun's rules: non-empty, ASCII, at most 180 bytes, only
 * letters, digits, space and {@code _ - . [ ] :}. Names starting with {@code __} are hidden (system entries);
 * a {@code .} is shown as a folder level.
 */
public record EntryName(String value) implements Comparable<EntryName> {
    public static final int MAX_LENGTH = 180;

    public EntryName {
        requireNonNull(value, "value is null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("entry name must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "entry name is " + value.length() + " characters long, the limit is " + MAX_LENGTH);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isAllowed(c)) {
                throw new IllegalArgumentException(String.format(
                        "entry name '%s' has character '%s' at index %d; allowed are ASCII letters, digits, "
                                + "space and _ - . [ ] :", value, c, i));
            }
        }
    }

    public static EntryName of(String value) {
        return new EntryName(value);
    }

    private static boolean isAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == '.' || c == ' ' || c == '[' || c == ']' || c == ':';
    }

    /** Hidden entries (system tables, blueprint datasets) are not listed by default. */
    public boolean isHidden() {
        return value.startsWith("__");
    }

    /** The hidden blueprint dataset that a dataset owns, {@code __bp_<entry id>}. */
    public static EntryName blueprintDatasetFor(EntryId owner) {
        return new EntryName("__bp_" + owner);
    }

    @Override
    public int compareTo(EntryName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
