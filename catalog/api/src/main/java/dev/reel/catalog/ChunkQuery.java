package dev.reel.catalog;

import static java.util.Objects.requireNonNull;

import dev.reel.api.SegmentId;
import java.util.Optional;
import java.util.Set;

/**
 * Step one of Rerun's two-step dataset query (rerun-data-platform.md B.2): which chunks may hold what a query
 * asks for. The answer is a correctness-preserving superset; the reader re-runs its query on the chunks it
 * fetches.
 *
 * @param segments these segments; empty for every segment
 * @param entityPaths these entities (as {@code /a/b}); empty for every entity
 * @param includeStatic static chunks are wanted
 * @param includeTemporal temporal chunks are wanted
 * @param latestAt chunks that may hold the latest value at a time on a timeline
 * @param range chunks with data within an inclusive range on a timeline; OR'ed with {@code latestAt}
 */
public record ChunkQuery(Set<SegmentId> segments, Set<String> entityPaths, boolean includeStatic,
        boolean includeTemporal, Optional<LatestAt> latestAt, Optional<Range> range) {
    /** Latest-at a time on a timeline. */
    public record LatestAt(String timeline, long at) {
        public LatestAt {
            requireNonNull(timeline, "timeline is null");
        }
    }

    /** An inclusive range on a timeline. */
    public record Range(String timeline, long min, long max) {
        public Range {
            requireNonNull(timeline, "timeline is null");
            if (min > max) {
                throw new IllegalArgumentException("range " + min + ".." + max + " is empty");
            }
        }
    }

    public ChunkQuery {
        segments = Set.copyOf(segments);
        entityPaths = Set.copyOf(entityPaths);
        requireNonNull(latestAt, "latestAt is null");
        requireNonNull(range, "range is null");
    }

    /** Every chunk of every segment. */
    public static ChunkQuery everything() {
        return new ChunkQuery(Set.of(), Set.of(), true, true, Optional.empty(), Optional.empty());
    }

    public ChunkQuery withSegments(Set<SegmentId> ids) {
        return new ChunkQuery(ids, entityPaths, includeStatic, includeTemporal, latestAt, range);
    }

    public ChunkQuery withEntityPaths(Set<String> paths) {
        return new ChunkQuery(segments, paths, includeStatic, includeTemporal, latestAt, range);
    }

    public ChunkQuery withLatestAt(String timeline, long at) {
        return new ChunkQuery(segments, entityPaths, includeStatic, includeTemporal,
                Optional.of(new LatestAt(timeline, at)), range);
    }

    public ChunkQuery withRange(String timeline, long min, long max) {
        return new ChunkQuery(segments, entityPaths, includeStatic, includeTemporal, latestAt,
                Optional.of(new Range(timeline, min, max)));
    }

    public ChunkQuery withStatic(boolean included) {
        return new ChunkQuery(segments, entityPaths, included, includeTemporal, latestAt, range);
    }

    public ChunkQuery withTemporal(boolean included) {
        return new ChunkQuery(segments, entityPaths, includeStatic, included, latestAt, range);
    }
}
