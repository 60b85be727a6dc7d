package dev.reel.store;

import dev.reel.api.EntityPath;
import dev.reel.api.Timeline;
import java.util.Map;
import java.util.Set;

/**
 * What a store holds.
 *
 * @param chunks physical chunks
 * @param staticChunks of which static
 * @param rows rows over all chunks
 * @param bytes Arrow bytes of the chunks
 * @param timelines every timeline with the range of times it holds
 * @param entities every entity path with data
 */
public record StoreStats(int chunks, int staticChunks, long rows, long bytes, Map<Timeline, TimeRange> timelines,
        Set<EntityPath> entities) {
    public StoreStats {
        timelines = Map.copyOf(timelines);
        entities = Set.copyOf(entities);
    }
}
