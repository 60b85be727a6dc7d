package dev.reel.store;

import static java.util.Objects.requireNonNull;

import java.lang.management.ManagementFactory;

/**
 * Settings of a {@link StoreHub}.
 *
 * @param chunkStore compaction thresholds of every store
 * @param memoryLimitBytes above this the oldest temporal data is collected
 * @param queryCacheBytes the latest-at cache's budget (part of the memory used)
 */
public record StoreHubConfig(ChunkStoreConfig chunkStore, long memoryLimitBytes, long queryCacheBytes) {
    public StoreHubConfig {
        requireNonNull(chunkStore, "chunkStore is null");
        if (memoryLimitBytes <= 0 || queryCacheBytes < 0) {
            throw new IllegalArgumentException("memory limit must be positive and the cache budget not negative");
        }
    }

    /**
     * Rerun's defaults: the default chunk-store thresholds (with {@code RERUN_CHUNK_MAX_*} applied) and a memory
     * limit of 75% of what this JVM may use for data: its maximum heap plus its direct-memory budget.
     */
    public static StoreHubConfig defaults() {
        long heap = Runtime.getRuntime().maxMemory();
        long limit = (long) (0.75 * (heap + maxDirectMemory(heap)));
        return new StoreHubConfig(ChunkStoreConfig.DEFAULT.withEnvironment(System.getenv()), limit,
                Math.min(64L << 20, limit / 16));
    }

    public StoreHubConfig withMemoryLimit(long bytes) {
        return new StoreHubConfig(chunkStore, bytes, Math.min(queryCacheBytes, bytes / 16));
    }

    public StoreHubConfig withChunkStore(ChunkStoreConfig config) {
        return new StoreHubConfig(config, memoryLimitBytes, queryCacheBytes);
    }

    /** {@code -XX:MaxDirectMemorySize} when set; the JVM's default otherwise, which is the maximum heap. */
    private static long maxDirectMemory(long heap) {
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("-XX:MaxDirectMemorySize=")) {
                return parseSize(argument.substring("-XX:MaxDirectMemorySize=".length()), heap);
            }
        }
        return heap;
    }

    private static long parseSize(String value, long fallback) {
        try {
            char unit = Character.toLowerCase(value.charAt(value.length() - 1));
            long multiplier = switch (unit) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                case 'g' -> 1L << 30;
                case 't' -> 1L << 40;
                default -> 1;
            };
            String digits = multiplier == 1 ? value : value.substring(0, value.length() - 1);
            return Long.parseLong(digits) * multiplier;
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
