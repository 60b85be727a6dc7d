package dev.reel.api;

import static java.util.Objects.requireNonNull;

/** The immutable, globally unique id of a catalog entry (a dataset or a table). */
public record EntryId(Tuid tuid) implements Comparable<EntryId> {
    public EntryId {
        requireNonNull(tuid, "tuid is null");
    }

    public static EntryId next() {
        return new EntryId(Tuid.next());
    }

    public static EntryId parse(String text) {
        return new EntryId(Tuid.parse(text));
    }

    @Override
    public int compareTo(EntryId other) {
        return tuid.compareTo(other.tuid);
    }

    @Override
    public String toString() {
        return tuid.toString();
    }
}
