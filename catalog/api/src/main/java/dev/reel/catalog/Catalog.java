package dev.reel.catalog;

import dev.reel.api.EntryId;
import dev.reel.api.EntryName;
import dev.reel.api.LayerName;
import dev.reel.api.SegmentId;
import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.RecordingEncoder;
import dev.reel.store.DataframeQuery;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Rerun's Data Platform catalog (rerun-data-platform.md §A–B), persistent: entries with immutable ids and
 * unique names; datasets whose segments are the recordings registered into them, each the union of its layers;
 * a blueprint dataset per dataset with a default blueprint; Arrow tables. Everything it says it did survives a
 * crash. In a server the catalog bundle registers one as an OSGi service. Thread-safe.
 *
 * <p>Failures a caller can act on are {@link CatalogException}s with a kind that maps to an HTTP status.
 */
@ProviderType
public interface Catalog extends AutoCloseable {
    // ------------------------------------------------------------------------------------------- entries

    /** A new recording dataset and the hidden blueprint dataset it owns ({@code __bp_<id>}). */
    Entry createDataset(EntryName name);

    /** A new Arrow table with a schema fixed from now on. */
    Entry createTable(EntryName name, Schema schema);

    Optional<Entry> entry(EntryId id);

    Optional<Entry> entry(EntryName name);

    /** Entries of the given kinds (every kind when empty), hidden ones only when asked, by name. */
    List<Entry> entries(Set<EntryKind> kinds, boolean includeHidden);

    Entry rename(EntryId id, EntryName name);

    /** Deletes an entry and what it owns (a dataset's blueprint dataset, every layer and chunk index). */
    void delete(EntryId id);

    // -------------------------------------------------------------------------------------- registration

    /**
     * Registers recordings into a dataset (A.3): every recording id of a file's stores of the dataset's kind
     * becomes a segment, the application id is ignored, and the layer is the source's; a file without such a store
     * is skipped. One row per segment made and one per file that failed; the others are registered. Nothing is registered when two sources of the
     * request name the same (segment, layer), or when {@code onDuplicate} is {@link OnDuplicate#ERROR} and one
     * exists already ({@code ALREADY_EXISTS}).
     *
     * @param progress hears about each file as it is indexed (for a progress bar); may be null
     */
    List<Registration> register(EntryId dataset, List<DataSource> sources, OnDuplicate onDuplicate,
            Consumer<Registration> progress);

    /**
     * Registers a recording sent as bytes (an upload): the catalog keeps it in its data folder, named after
     * {@code fileName}, and registers it as {@link #register} does a single file.
     */
    List<Registration> registerUpload(EntryId dataset, InputStream recording, String fileName, LayerName layer,
            OnDuplicate onDuplicate);

    /**
     * Drops layers with Rerun's product filter (A.3); at least one segment or layer must be given. A segment
     * without layers disappears. Returns how many (segment, layer)s were dropped.
     */
    int unregister(EntryId dataset, Set<SegmentId> segments, Set<LayerName> layers);

    /**
     * Registers a blueprint ({@code .rbl}) into the dataset's blueprint dataset, replacing one with the same id,
     * and makes it the default unless told otherwise. Returns its registration (its segment is its id).
     */
    Registration registerBlueprint(EntryId dataset, DataSource source, boolean makeDefault);

    /** Registers a blueprint sent as bytes (an upload), as {@link #registerBlueprint(EntryId, DataSource, boolean)}. */
    Registration registerBlueprint(EntryId dataset, InputStream blueprint, String fileName, boolean makeDefault);

    /** Makes a segment of the dataset's blueprint dataset its default blueprint (empty: none). */
    Entry setDefaultBlueprint(EntryId dataset, Optional<SegmentId> blueprint);

    // -------------------------------------------------------------------------------------------- reading

    /** One row per segment with Rerun's columns (A.5); the caller owns the result. */
    VectorSchemaRoot segmentTable(EntryId dataset, BufferAllocator allocator);

    /** One row per (layer, segment) with Rerun's columns (A.6); the caller owns the result. */
    VectorSchemaRoot manifest(EntryId dataset, BufferAllocator allocator);

    /**
     * The union of the schemas of every layer of every segment, as a Sorbet schema: an index column per
     * timeline ({@code rerun:kind=index}), then a column per entity and component.
     */
    Schema datasetSchema(EntryId dataset);

    /**
     * Chunk descriptors (B.2: {@code chunk_id}, {@code chunk_segment_id}, {@code rerun_segment_layer},
     * {@code chunk_key}, ...), one row per chunk; the caller owns the result.
     */
    VectorSchemaRoot query(EntryId dataset, ChunkQuery query, BufferAllocator allocator);

    /**
     * Step two: the chunks behind {@code chunk_key}s from {@link #query}, read by byte range. A key whose layer
     * is gone fails with {@code NOT_FOUND}; one whose layer was replaced or whose file changed since it was
     * registered with {@code FAILED_PRECONDITION}, saying what changed: never stale data.
     *
     * @param sink receives each chunk as an {@code ArrowMsg} of the segment's store and owns it
     */
    void fetch(EntryId dataset, List<byte[]> chunkKeys, BufferAllocator allocator, Consumer<LogMsg> sink);

    /**
     * As {@link #fetch(EntryId, List, BufferAllocator, Consumer)}, with keys of any datasets (a key names its
     * dataset), as Rerun's {@code FetchChunks} asks without naming one; chunks arrive in the keys' order.
     */
    void fetch(List<byte[]> chunkKeys, BufferAllocator allocator, Consumer<LogMsg> sink);

    /**
     * As {@link #fetch(List, BufferAllocator, Consumer)}, each chunk as the protobuf bytes of its {@code ArrowMsg}
     * as the registered file holds it (its compression, and the store id it was recorded under), not decoded: what
     * Rerun's {@code FetchChunks} forwards. The chunk id in each message is checked against the key's.
     */
    void fetchEncoded(List<byte[]> chunkKeys, Consumer<byte[]> sink);

    /** A dataframe over one segment (every layer pooled), by the viewer store's engine; the caller owns it. */
    VectorSchemaRoot dataframe(EntryId dataset, SegmentId segment, DataframeQuery query, BufferAllocator allocator);

    /**
     * Writes one segment as an {@code .rrd} stream: every layer pooled with the viewer store's rules, with the
     * dataset's default blueprint and its activation command, through the store's one export path. The
     * recording's application id is the dataset's entry id, its recording id the segment id (D.1).
     */
    void writeSegment(EntryId dataset, SegmentId segment, RecordingEncoder encoder);

    // --------------------------------------------------------------------------------------------- tables

    /** Adds rows to a table (the batch's schema must be the table's). */
    void appendTable(EntryId table, VectorSchemaRoot rows);

    /** Replaces all rows of a table. */
    void overwriteTable(EntryId table, VectorSchemaRoot rows);

    /** Every row of a table, batch by batch; each batch is lent for the call. */
    void scanTable(EntryId table, BufferAllocator allocator, Consumer<VectorSchemaRoot> batches);

    /** Closes the catalog's database; only its owner (the bundle, or who opened it) calls this. */
    @Override
    void close();
}
