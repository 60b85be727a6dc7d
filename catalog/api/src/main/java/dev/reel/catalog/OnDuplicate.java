package dev.reel.catalog;

import java.util.Locale;

/**
 * What registering a (segment, layer) that already exists does (A.3; Python's {@code OnDuplicateSegmentLayer}).
 * Two sources of one request that name the same (segment, layer) are refused whatever the policy.
 */
public enum OnDuplicate {
    /** The request fails ("already exists", HTTP 409) and nothing of it is registered. The default. */
    ERROR,
    /** The existing layer stays; the source is reported as skipped. */
    SKIP,
    /** The layer is replaced by the new source. */
    REPLACE;

    /** Parses {@code error}, {@code skip}, {@code replace} (any case; {@code overwrite} is {@code replace}). */
    public static OnDuplicate parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "error" -> ERROR;
            case "skip" -> SKIP;
            case "replace", "overwrite" -> REPLACE;
            default -> throw new IllegalArgumentException("on_duplicate must be error, skip or replace, got '"
                    + value + "'");
        };
    }
}
