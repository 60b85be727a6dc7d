package dev.reel.store;

import java.util.Map;

/**
 * When the chunk store splits big chunks and merges small neighbours on ingest (Rerun's
 * {@code ChunkStoreConfig}). A threshold of 0 disables it; all three at 0 disable both splitting and merging.
 *
 * @param maxBytes a chunk above this many bytes is split; merging never goes above it
 * @param maxRows the same for rows, for chunks whose timelines are sorted
 * @param maxRowsIfUnsorted the same for rows of chunks with an unsorted timeline
 */
public record ChunkStoreConfig(long maxBytes, int maxRows, int maxRowsIfUnsorted) {
    /** Rerun's default: 384 KiB, 4,096 rows, 1,024 unsorted rows. */
    public static final ChunkStoreConfig DEFAULT = new ChunkStoreConfig(12 * 8 * 4096, 4096, 1024);
    /** No splitting and no merging: chunks are kept as they arrive (what {@code rrd merge} uses). */
    public static final ChunkStoreConfig DISABLED = new ChunkStoreConfig(0, 0, 0);
    /** Rerun's object-store profile for {@code rrd optimize}: 2 MiB, 65,536 rows, 8,192 unsorted rows. */
    public static final ChunkStoreConfig OBJECT_STORE = new ChunkStoreConfig(2L << 20, 65_536, 8_192);

    public ChunkStoreConfig {
        if (maxBytes < 0 || maxRows < 0 || maxRowsIfUnsorted < 0) {
            throw new IllegalArgumentException("chunk store thresholds must not be negative");
        }
    }

    public boolean isDisabled() {
        return maxBytes == 0 && maxRows == 0 && maxRowsIfUnsorted == 0;
    }

    /** This config with Rerun's environment overrides applied ({@code RERUN_CHUNK_MAX_BYTES}, ...). */
    public ChunkStoreConfig withEnvironment(Map<String, String> environment) {
        return new ChunkStoreConfig(
                parse(environment, "RERUN_CHUNK_MAX_BYTES", maxBytes),
                (int) parse(environment, "RERUN_CHUNK_MAX_ROWS", maxRows),
                (int) parse(environment, "RERUN_CHUNK_MAX_ROWS_IF_UNSORTED", maxRowsIfUnsorted));
    }

    private static long parse(Map<String, String> environment, String key, long fallback) {
        String value = environment.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + value + "'", e);
        }
    }
}
