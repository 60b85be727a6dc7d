package dev.reel.store;

import dev.reel.api.ChunkId;
import dev.reel.api.TimeInt;
import dev.reel.api.Tuid;
import java.util.List;

/**
 * One value of one component as a query found it: when it was logged, by which row, and its instances.
 *
 * @param time the time on the queried timeline, or {@link TimeInt#STATIC} for static data
 * @param rowId the row that logged it
 * @param chunkId the chunk holding the row
 * @param values the instances (e.g. a list of positions), copied out of Arrow; an empty list is a value
 */
public record ComponentCell(long time, Tuid rowId, ChunkId chunkId, List<?> values) {
    public ComponentCell {
        values = values == null ? List.of() : values;
    }

    public boolean isStatic() {
        return time == TimeInt.STATIC;
    }
}
