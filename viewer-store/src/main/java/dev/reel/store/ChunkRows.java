package dev.reel.store;

import static java.util.Objects.requireNonNull;

import dev.reel.api.ChunkId;
import dev.reel.api.log.Chunk;
import dev.reel.store.internal.ChunkOps;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Some rows of a chunk and the columns to take with them, for cutting new chunks out of existing ones the way
 * Rerun's chunk slicing does (what {@code rrd split} and {@code rrd filter} write). {@link #copy} always keeps the
 * row-id column, copies the Arrow data deep (nested types included, such as the lists of fixed-size lists of
 * points and lists of structs), so that the copy owns its memory and the source stays valid, and sets the
 * {@code rerun:is_sorted} flags of the row-id and index columns for the new row order. Immutable.
 */
public final class ChunkRows {
    private final Chunk chunk;
    private final int[] rows;
    private final Predicate<String> timelines;
    private final Predicate<String> components;
    private final boolean freshRowIds;

    private ChunkRows(Chunk chunk, int[] rows, Predicate<String> timelines, Predicate<String> components,
            boolean freshRowIds) {
        this.chunk = chunk;
        this.rows = rows;
        this.timelines = timelines;
        this.components = components;
        this.freshRowIds = freshRowIds;
    }

    /** Rows {@code rows} of {@code chunk}, in that order, with every column. */
    public static ChunkRows of(Chunk chunk, int... rows) {
        requireNonNull(chunk, "chunk is null");
        for (int row : rows) {
            if (row < 0 || row >= chunk.numRows()) {
                throw new IndexOutOfBoundsException("row " + row + " of a chunk of " + chunk.numRows() + " rows");
            }
        }
        return new ChunkRows(chunk, rows.clone(), timeline -> true, component -> true, false);
    }

    /** Every row of {@code chunk}, in order, with every column. */
    public static ChunkRows all(Chunk chunk) {
        return of(chunk, IntStream.range(0, chunk.numRows()).toArray());
    }

    /** Only the index columns of the timelines {@code keep} accepts (by name): without any, a chunk is static. */
    public ChunkRows timelines(Predicate<String> keep) {
        return new ChunkRows(chunk, rows, requireNonNull(keep, "keep is null"), components, freshRowIds);
    }

    /** Only the component columns {@code keep} accepts (by component identifier, e.g. {@code Points3D:positions}). */
    public ChunkRows components(Predicate<String> keep) {
        return new ChunkRows(chunk, rows, timelines, requireNonNull(keep, "keep is null"), freshRowIds);
    }

    /** New, increasing row ids instead of the rows' own: for values logged again, as a new write. */
    public ChunkRows withFreshRowIds() {
        return new ChunkRows(chunk, rows, timelines, components, true);
    }

    /** The rows as a new chunk {@code id} in memory of {@code allocator}; the caller owns it. */
    public Chunk copy(ChunkId id, BufferAllocator allocator) {
        requireNonNull(id, "id is null");
        requireNonNull(allocator, "allocator is null");
        return ChunkOps.take(chunk, rows, timelines, components, freshRowIds, id, allocator);
    }
}
