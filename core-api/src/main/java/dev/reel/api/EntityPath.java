package dev.reel.api;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hierarchical name data is logged to, such as {@code /world/robot/camera}. A path is a list of parts that
 * hold any text; the string form escapes every character other than letters, numbers and {@code _ - .}, as
 * Rerun prints it (reference: rerun-data-platform.md D.4).
 *
 * <p>{@link #parse(String)} is Rerun's forgiving parse, used for paths handed to logging calls: empty parts
 * are dropped, unknown escapes keep the escaped character, and characters that should have been escaped are
 * taken literally. {@link #parseStrict(String)} accepts only well-formed paths and says what is wrong and
 * where. Paths order part by part in Rerun's natural order (numbers by value, case-insensitive first), with
 * reserved {@code __} parts last.
 */
public final class EntityPath implements Comparable<EntityPath> {
    public static final EntityPath ROOT = new EntityPath(List.of());
    /** Where recording properties live: {@code /__properties}. */
    public static final EntityPath PROPERTIES = new EntityPath(List.of("__properties"));

    private static final Comparator<String> PART_ORDER = EntityPath::comparePart;

    /**
     * Paths parsed so far, by their text: each chunk names its entity, and a recording's chunks name few. Bounded
     * in entries (a stream of ever new paths starts it over) and in the length of the texts kept.
     */
    private static final Map<String, EntityPath> PARSED = new ConcurrentHashMap<>();
    private static final int PARSED_ENTRIES = 4096;
    private static final int PARSED_TEXT_LENGTH = 256;

    private final List<String> parts;
    private final String text;

    private EntityPath(List<String> parts) {
        this.parts = List.copyOf(parts);
        this.text = format(this.parts);
    }

    /** A path made of the given unescaped parts; each must be non-empty. */
    public static EntityPath of(List<String> parts) {
        for (String part : parts) {
            requireNonNull(part, "part is null");
            if (part.isEmpty()) {
                throw new IllegalArgumentException("entity path parts must not be empty");
            }
        }
        return new EntityPath(parts);
    }

    public static EntityPath of(String... parts) {
        return of(List.of(parts));
    }

    /** Rerun's forgiving parse ({@code EntityPath::from(&str)}); never fails. */
    public static EntityPath parse(String text) {
        requireNonNull(text, "text is null");
        EntityPath path = PARSED.get(text);
        if (path == null) {
            path = parseForgiving(text);
            if (text.length() <= PARSED_TEXT_LENGTH) {
                if (PARSED.size() >= PARSED_ENTRIES) {
                    PARSED.clear();
                }
                PARSED.put(text, path);
            }
        }
        return path;
    }

    private static EntityPath parseForgiving(String text) {
        List<String> parts = new ArrayList<>();
        for (Token token : tokenize(text)) {
            if (!token.isSlash()) {
                parts.add(new PartParser(text, token.start, token.end, false).parse());
            }
        }
        return new EntityPath(parts);
    }

    /**
     * Parses a well-formed path: an optional leading {@code /}, then non-empty parts separated by single
     * slashes, with every special character escaped.
     *
     * @throws EntityPathParseException with the kind of error and its index in {@code text}
     */
    public static EntityPath parseStrict(String text) {
        requireNonNull(text, "text is null");
        if (text.isEmpty()) {
            throw new EntityPathParseException(EntityPathParseException.Kind.EMPTY_STRING, text, 0);
        }
        List<Token> tokens = tokenize(text);
        List<String> parts = new ArrayList<>();
        int i = 0;
        if (tokens.get(0).isSlash()) {
            i = 1;
        }
        while (i < tokens.size()) {
            Token token = tokens.get(i);
            if (token.isSlash()) {
                throw new EntityPathParseException(EntityPathParseException.Kind.DOUBLE_SLASH, text, token.start);
            }
            parts.add(new PartParser(text, token.start, token.end, true).parse());
            i++;
            if (i < tokens.size()) {
                i++; // the separating slash
                if (i == tokens.size()) {
                    throw new EntityPathParseException(EntityPathParseException.Kind.TRAILING_SLASH, text,
                            text.length() - 1);
                }
            }
        }
        return new EntityPath(parts);
    }

    public List<String> parts() {
        return parts;
    }

    public boolean isRoot() {
        return parts.isEmpty();
    }

    public EntityPath parent() {
        if (isRoot()) {
            throw new IllegalStateException("the root entity path has no parent");
        }
        return new EntityPath(parts.subList(0, parts.size() - 1));
    }

    /** This path with one more part (taken as is, not parsed). */
    public EntityPath child(String part) {
        List<String> joined = new ArrayList<>(parts);
        joined.add(part);
        return of(joined);
    }

    /** True if this path equals {@code ancestor} or lies below it. */
    public boolean startsWith(EntityPath ancestor) {
        return parts.size() >= ancestor.parts.size()
                && parts.subList(0, ancestor.parts.size()).equals(ancestor.parts);
    }

    /** True if this path lies strictly below {@code ancestor}. */
    public boolean isDescendantOf(EntityPath ancestor) {
        return parts.size() > ancestor.parts.size() && startsWith(ancestor);
    }

    /** True for paths under a reserved {@code __} first part, such as {@code /__properties}. */
    public boolean isReserved() {
        return !parts.isEmpty() && parts.get(0).startsWith("__");
    }

    @Override
    public int compareTo(EntityPath other) {
        int common = Math.min(parts.size(), other.parts.size());
        for (int i = 0; i < common; i++) {
            int c = PART_ORDER.compare(parts.get(i), other.parts.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(parts.size(), other.parts.size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityPath other && parts.equals(other.parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    /** The escaped form, always starting with {@code /} and never ending with one; the root is {@code /}. */
    @Override
    public String toString() {
        return text;
    }

    /** Escapes one part the way Rerun prints it. */
    public static String escapePart(String part) {
        StringBuilder out = new StringBuilder(part.length());
        part.codePoints().forEach(cp -> {
            if (isPlain(cp)) {
                out.appendCodePoint(cp);
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (isAsciiPunctuationOrSpace(cp)) {
                out.append('\\').appendCodePoint(cp);
            } else {
                out.append("\\u{").append(String.format("%04X", cp)).append('}');
            }
        });
        return out.toString();
    }

    private static String format(List<String> parts) {
        if (parts.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            out.append('/').append(escapePart(part));
        }
        return out.toString();
    }

    /** Letters and numbers in Unicode's sense (Rust's {@code char::is_alphanumeric}), {@code _}, {@code -}, {@code .}. */
    static boolean isPlain(int cp) {
        if (cp == '_' || cp == '-' || cp == '.' || Character.isAlphabetic(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    private static boolean isAsciiPunctuationOrSpace(int cp) {
        return cp == ' ' || (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40)
                || (cp >= 0x5B && cp <= 0x60) || (cp >= 0x7B && cp <= 0x7E);
    }

    /** A run of text between slashes, or one slash. */
    private record Token(int start, int end, boolean isSlash) {}

    /** Splits at slashes, except a slash right after a backslash, as Rerun's tokenizer does. */
    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '/' && (i == 0 || text.charAt(i - 1) != '\\')) {
                if (i > start) {
                    tokens.add(new Token(start, i, false));
                }
                tokens.add(new Token(i, i + 1, true));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            tokens.add(new Token(start, text.length(), false));
        }
        return tokens;
    }

    /** Unescapes one part of the input. */
    private static final class PartParser {
        private final String text;
        private final int end;
        private final boolean strict;
        private final StringBuilder out = new StringBuilder();
        private int pos;

        PartParser(String text, int start, int end, boolean strict) {
            this.text = text;
            this.pos = start;
            this.end = end;
            this.strict = strict;
        }

        String parse() {
            while (pos < end) {
                int index = pos;
                int cp = next();
                if (cp == '\\') {
                    escape(index);
                } else if (!strict || isPlain(cp)) {
                    out.appendCodePoint(cp);
                } else if (cp == ':') {
                    throw error(EntityPathParseException.Kind.UNEXPECTED_COMPONENT, index);
                } else if (cp == '[') {
                    throw error(EntityPathParseException.Kind.UNEXPECTED_INSTANCE, index);
                } else {
                    throw error(EntityPathParseException.Kind.MISSING_ESCAPE, index);
                }
            }
            return out.toString();
        }

        private int next() {
            int cp = text.codePointAt(pos);
            pos += Character.charCount(cp);
            return cp;
        }

        private void escape(int backslash) {
            if (pos >= end) {
                if (strict) {
                    throw error(EntityPathParseException.Kind.TRAILING_BACKSLASH, backslash);
                }
                out.append('\\');
                return;
            }
            int cp = next();
            switch (cp) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> unicode(backslash);
                default -> {
                    if (!isAsciiPunctuationOrSpace(cp) && strict) {
                        throw error(EntityPathParseException.Kind.UNKNOWN_ESCAPE_SEQUENCE, backslash);
                    }
                    out.appendCodePoint(cp);
                }
            }
        }

        /** {@code \}{@code u{XXXX}}: exactly four hex digits; reads up to a {@code }} or 6 UTF-8 bytes. */
        private void unicode(int backslash) {
            StringBuilder collected = new StringBuilder();
            int utf8Bytes = 0;
            while (pos < end && utf8Bytes < 6) {
                int cp = next();
                collected.appendCodePoint(cp);
                utf8Bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                if (cp == '}') {
                    break;
                }
            }
            String s = collected.toString();
            if (s.length() == 6 && s.charAt(0) == '{' && s.charAt(5) == '}' && isHex(s.substring(1, 5))) {
                int value = Integer.parseInt(s.substring(1, 5), 16);
                if (value < 0xD800 || value > 0xDFFF) {
                    out.appendCodePoint(value);
                    return;
                }
            }
            if (strict) {
                throw error(EntityPathParseException.Kind.INVALID_UNICODE_ESCAPE, backslash);
            }
            out.append("\\u").append(s);
        }

        private static boolean isHex(String s) {
            return s.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80);
        }

        private EntityPathParseException error(EntityPathParseException.Kind kind, int index) {
            return new EntityPathParseException(kind, text, index);
        }
    }

    /** Rerun's part order: reserved parts last, then natural order. */
    private static int comparePart(String a, String b) {
        boolean reservedA = a.startsWith("__");
        boolean reservedB = b.startsWith("__");
        if (reservedA != reservedB) {
            return reservedA ? 1 : -1;
        }
        int c = naturalCompare(a, b, true);
        return c != 0 ? c : naturalCompare(a, b, false);
    }

    /**
     * Natural order: digit runs compare by value (runs with a leading zero compare digit by digit, as
     * fractions), everything else by character, case-insensitively when {@code ignoreCase}.
     */
    static int naturalCompare(String a, String b, boolean ignoreCase) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int endA = digitRunEnd(a, i);
                int endB = digitRunEnd(b, j);
                int c = (ca == '0' || cb == '0') ? compareLeftAligned(a, i, endA, b, j, endB)
                        : compareNumbers(a, i, endA, b, j, endB);
                if (c != 0) {
                    return c;
                }
                i = endA;
                j = endB;
                continue;
            }
            int c = ignoreCase ? Character.compare(lower(ca), lower(cb)) : Character.compare(ca, cb);
            if (c != 0) {
                return c;
            }
            i++;
            j++;
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private static int digitRunEnd(String s, int from) {
        int end = from;
        while (end < s.length() && isDigit(s.charAt(end))) {
            end++;
        }
        return end;
    }

    private static int compareNumbers(String a, int i, int endA, String b, int j, int endB) {
        int lengths = Integer.compare(endA - i, endB - j);
        return lengths != 0 ? lengths : a.substring(i, endA).compareTo(b.substring(j, endB));
    }

    private static int compareLeftAligned(String a, int i, int endA, String b, int j, int endB) {
        while (i < endA && j < endB) {
            int c = Character.compare(a.charAt(i++), b.charAt(j++));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(endA - i, endB - j);
    }
}
