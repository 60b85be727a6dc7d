package dev.reel.rrd.tools;

import dev.reel.store.ChunkStoreConfig;

/** The chunk-store thresholds of {@code optimize}: a profile, then environment overrides, then flags. */
public final class Thresholds {
    private Thresholds() {}

    /**
     * @param live Rerun's {@code live} profile (the viewer's thresholds) instead of {@code object-store}
     * @param maxBytes -1 when not given; {@code maxRows} and {@code maxRowsIfUnsorted} null when not given
     */
    public static ChunkStoreConfig of(boolean live, long maxBytes, Integer maxRows, Integer maxRowsIfUnsorted) {
        ChunkStoreConfig config = (live ? ChunkStoreConfig.DEFAULT : ChunkStoreConfig.OBJECT_STORE)
                .withEnvironment(System.getenv());
        return new ChunkStoreConfig(maxBytes >= 0 ? maxBytes : config.maxBytes(),
                maxRows != null ? maxRows : config.maxRows(),
                maxRowsIfUnsorted != null ? maxRowsIfUnsorted : config.maxRowsIfUnsorted());
    }
}
