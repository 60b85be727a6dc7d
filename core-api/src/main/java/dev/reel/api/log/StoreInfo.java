package dev.reel.api.log;

import static java.util.Objects.requireNonNull;

import dev.reel.api.StoreId;
import java.util.Optional;

/**
 * What a {@link SetStoreInfo} announces about a store.
 *
 * @param storeId the store
 * @param source who produced it
 * @param storeVersion the Rerun version that produced it, when known
 */
public record StoreInfo(StoreId storeId, StoreSource source, Optional<CrateVersion> storeVersion) {
    public StoreInfo {
        requireNonNull(storeId, "storeId is null");
        requireNonNull(source, "source is null");
        requireNonNull(storeVersion, "storeVersion is null");
    }
}
