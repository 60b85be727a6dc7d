package dev.reel.store;

/** What inserting a chunk did (Rerun's insert rules, rerun-data-platform.md D.3). */
public enum InsertResult {
    /** Stored as it came (or sorted by row id first). */
    ADDED,
    /** Merged with a neighbour into a new chunk. */
    COMPACTED,
    /** Too big: stored as several row slices. */
    SPLIT,
    /** Static data older (by row id) than what the store already has for all its components: shadowed. */
    SHADOWED,
    /** A chunk with this id is already stored (or was merged into one still stored): a no-op. */
    DUPLICATE,
    /** No rows: a no-op. */
    EMPTY,
    /** No component columns: dropped. */
    NO_COMPONENTS
}
