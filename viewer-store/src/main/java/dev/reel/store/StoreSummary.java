package dev.reel.store;

import static java.util.Objects.requireNonNull;

import dev.reel.api.StoreId;
import dev.reel.api.log.StoreInfo;
import java.util.Optional;
import java.util.Set;

/**
 * A logical store as the hub sees it: its id, the latest store info announced for it, every source that
 * contributed (files, connections), and what it holds.
 */
public record StoreSummary(StoreId id, Optional<StoreInfo> info, Set<String> sources, StoreStats stats) {
    public StoreSummary {
        requireNonNull(id, "id is null");
        requireNonNull(info, "info is null");
        sources = Set.copyOf(sources);
        requireNonNull(stats, "stats is null");
    }
}
