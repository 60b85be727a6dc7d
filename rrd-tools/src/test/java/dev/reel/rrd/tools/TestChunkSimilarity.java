package dev.reel.rrd.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Rerun's float tolerance, and NaN as a value. */
class TestChunkSimilarity {
    @Test
    void floatsAreEqualWithinARelativeEpsilon() {
        assertThat(ChunkSimilarity.almostEqual(0.1, 0.1 * (1 + 1e-12), 1e-8)).isTrue();
        assertThat(ChunkSimilarity.almostEqual(0.1, 0.1001, 1e-8)).isFalse();
        assertThat(ChunkSimilarity.almostEqual(0.1f, 0.10005f, 1e-3)).isTrue();
        assertThat(ChunkSimilarity.almostEqual(1e-9, -1e-9, 1e-8)).as("both tiny").isTrue();
        assertThat(ChunkSimilarity.almostEqual(Double.NaN, Double.NaN, 1e-8)).isTrue();
        assertThat(ChunkSimilarity.almostEqual(Double.NaN, 0, 1e-8)).isFalse();
    }
}
