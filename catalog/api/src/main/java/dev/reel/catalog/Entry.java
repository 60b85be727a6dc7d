package dev.reel.catalog;

import static java.util.Objects.requireNonNull;

import dev.reel.api.EntryId;
import dev.reel.api.EntryName;
import java.time.Instant;
import java.util.Optional;

/**
 * A catalog entry (A.1): an immutable id, a unique name that can change, a kind.
 *
 * @param owner for an entry another one owns (a dataset's blueprint dataset {@code __bp_<id>}), that entry;
 *     deleting the owner deletes it
 * @param defaultBlueprint for a dataset: the segment of its blueprint dataset that is its default blueprint
 */
public record Entry(EntryId id, EntryName name, EntryKind kind, Optional<EntryId> owner, Instant createdAt,
        Instant updatedAt, Optional<String> defaultBlueprint) {
    public Entry {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        requireNonNull(defaultBlueprint, "defaultBlueprint is null");
    }

    public boolean isHidden() {
        return name.isHidden();
    }
}
