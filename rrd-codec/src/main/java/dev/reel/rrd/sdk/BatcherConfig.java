package dev.reel.rrd.sdk;

import java.time.Duration;

/**
 * When a {@link RecordingStream} turns pending rows into a chunk: whichever of a row count, a byte size or a
 * time since the first pending row is reached first (Rerun's batcher has the same three knobs).
 *
 * @param maxRows rows per chunk
 * @param maxBytes approximate bytes of component data per chunk
 * @param flushInterval pending rows are sent at the latest this long after they were logged; zero flushes only
 *     on size limits and {@link RecordingStream#flush()}
 */
public record BatcherConfig(int maxRows, long maxBytes, Duration flushInterval) {
    /** 4,096 rows, 1 MiB or 200 ms, like Rerun's defaults for a live recording. */
    public static final BatcherConfig DEFAULT = new BatcherConfig(4096, 1L << 20, Duration.ofMillis(200));
    /** Every logged row is its own chunk, sent at once. */
    public static final BatcherConfig NONE = new BatcherConfig(1, 0, Duration.ZERO);

    public BatcherConfig {
        if (maxRows < 1 || maxBytes < 0 || flushInterval.isNegative()) {
            throw new IllegalArgumentException("invalid batcher config: " + maxRows + " rows, " + maxBytes
                    + " bytes, " + flushInterval);
        }
    }
}
