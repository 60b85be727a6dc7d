package dev.reel.api;

/** A string that is not a canonical entity path, with what is wrong and where. */
public final class EntityPathParseException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Rerun's strict-parse error kinds. */
    public enum Kind {
        EMPTY_STRING,
        DOUBLE_SLASH,
        TRAILING_SLASH,
        TRAILING_BACKSLASH,
        UNKNOWN_ESCAPE_SEQUENCE,
        INVALID_UNICODE_ESCAPE,
        MISSING_ESCAPE,
        UNEXPECTED_COMPONENT,
        UNEXPECTED_INSTANCE
    }

    private final Kind kind;
    private final String input;
    private final int index;

    public EntityPathParseException(Kind kind, String input, int index) {
        super(String.format("invalid entity path '%s': %s at index %d", input,
                kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), index));
        this.kind = kind;
        this.input = input;
        this.index = index;
    }

    public Kind kind() {
        return kind;
    }

    public String input() {
        return input;
    }

    public int index() {
        return index;
    }
}
