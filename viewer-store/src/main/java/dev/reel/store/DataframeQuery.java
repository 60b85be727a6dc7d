package dev.reel.store;

import static java.util.Objects.requireNonNull;

import dev.reel.api.EntityPath;
import dev.reel.api.Timeline;
import java.util.List;
import java.util.Optional;

/**
 * A dataframe query over one store (rerun-data-platform.md C.3): the index timeline, an optional inclusive
 * range on it, the columns (empty: every component of every entity), and whether empty cells are filled with
 * the latest earlier value.
 *
 * @param index the timeline whose distinct values become rows
 * @param range only rows whose index value lies in it
 * @param columns the columns to return
 * @param fillLatestAt fill nulls with the latest value at or before the row's time (over the whole store)
 */
public record DataframeQuery(Timeline index, Optional<TimeRange> range, List<Column> columns, boolean fillLatestAt) {
    /** One selected column: a component of an entity. */
    public record Column(EntityPath entity, String component) {
        public Column {
            requireNonNull(entity, "entity is null");
            requireNonNull(component, "component is null");
        }
    }

    public DataframeQuery {
        requireNonNull(index, "index is null");
        requireNonNull(range, "range is null");
        columns = List.copyOf(columns);
    }

    public static DataframeQuery all(Timeline index) {
        return new DataframeQuery(index, Optional.empty(), List.of(), false);
    }

    public DataframeQuery withRange(long min, long max) {
        return new DataframeQuery(index, Optional.of(new TimeRange(min, max)), columns, fillLatestAt);
    }

    public DataframeQuery withColumns(List<Column> selected) {
        return new DataframeQuery(index, range, selected, fillLatestAt);
    }

    public DataframeQuery withFillLatestAt(boolean fill) {
        return new DataframeQuery(index, range, columns, fill);
    }
}
