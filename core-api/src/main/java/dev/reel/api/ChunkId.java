package dev.reel.api;

import static java.util.Objects.requireNonNull;

/** Identifies a chunk. Inserting a chunk whose id a store already holds is a no-op. */
public record ChunkId(Tuid tuid) implements Comparable<ChunkId> {
    public ChunkId {
        requireNonNull(tuid, "tuid is null");
    }

    public static ChunkId next() {
        return new ChunkId(Tuid.next());
    }

    /** Parses Rerun's {@code rerun:id} metadata value: {@code chunk_} and 32 hex digits; the prefix is optional. */
    public static ChunkId parse(String text) {
        return new ChunkId(Tuid.parsePrefixed(text, "chunk"));
    }

    @Override
    public int compareTo(ChunkId other) {
        return tuid.compareTo(other.tuid);
    }

    /** Rerun's form, {@code chunk_} followed by the 32 hex digits. */
    @Override
    public String toString() {
        return "chunk_" + tuid;
    }
}
