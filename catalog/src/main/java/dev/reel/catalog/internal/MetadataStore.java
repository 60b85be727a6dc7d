package dev.reel.catalog.internal;

import dev.reel.api.EntryId;
import dev.reel.api.EntryName;
import dev.reel.api.LayerName;
import dev.reel.api.SegmentId;
import dev.reel.catalog.CatalogException;
import dev.reel.catalog.Entry;
import dev.reel.catalog.internal.CatalogRecords.ChunkSelection;
import dev.reel.catalog.internal.CatalogRecords.LayerRecord;
import dev.reel.catalog.internal.CatalogRecords.SchemaColumn;
import dev.reel.catalog.internal.CatalogRecords.SegmentLayer;
import dev.reel.catalog.internal.CatalogRecords.SelectedChunk;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the catalog keeps what it knows: entries, the layers of each dataset's segments, their chunk index and
 * schema columns. Every method is one transaction: once it returns, what it wrote survives a crash of the
 * process (kill -9) at any later point, and a crash during it leaves nothing of it. Implementations: JDBC over
 * embedded H2 (the default) or PostgreSQL, with the same schema and SQL. Thread-safe.
 *
 * <p>Errors a caller can act on are {@link CatalogException}s ({@code ALREADY_EXISTS} for a taken name,
 * {@code NOT_FOUND} for an unknown entry); a failure of the store itself is a {@code CatalogException} of kind
 * {@code INTERNAL} that names the operation.
 */
interface MetadataStore extends AutoCloseable {
    /** Creates entries together (a dataset and its blueprint dataset): all or none; a taken name fails. */
    void createEntries(List<Entry> entries);

    Optional<Entry> entry(EntryId id);

    Optional<Entry> entry(EntryName name);

    /** Every entry, hidden ones included, by name. */
    List<Entry> entries();

    /** How much the catalog holds, in one read. */
    CatalogRecords.Totals totals();

    /** Renames; a taken name fails, an unknown entry fails. Returns the entry as it is now. */
    Entry rename(EntryId id, EntryName name, Instant now);

    /** Deletes an entry and what it owns (entries, layers, chunks); returns every entry id deleted. */
    List<EntryId> delete(EntryId id);

    /** Sets (or clears) a dataset's default blueprint: a segment of its blueprint dataset. */
    Entry setDefaultBlueprint(EntryId dataset, Optional<String> segment, Instant now);

    /** Which of the given (segment, layer)s the dataset already has. */
    Set<SegmentLayer> existing(EntryId dataset, Collection<SegmentLayer> layers);

    /**
     * Adds layers, with their chunks, timelines and columns, all or none; a layer that exists is replaced (its
     * chunks and columns with it), keeping its registration time. Bumps the dataset's {@code updatedAt}.
     */
    void putLayers(EntryId dataset, List<LayerRecord> layers, Instant now);

    /**
     * Rerun's product filter (A.3): only layers given → those layers of every segment; only segments → every
     * layer of those; both → each listed layer of each listed segment; neither is the caller's error. Returns the
     * (segment, layer)s removed.
     */
    List<SegmentLayer> unregister(EntryId dataset, Set<SegmentId> segments, Set<LayerName> layers, Instant now);

    /** The dataset's layers with their timelines and columns but without chunks, by segment then registration. */
    List<LayerRecord> layers(EntryId dataset);

    /** The layers of some segments, as {@link #layers}. */
    List<LayerRecord> layers(EntryId dataset, Set<SegmentId> segments);

    /** The schema columns of every layer of the dataset. */
    List<SchemaColumn> columns(EntryId dataset);

    /** The chunks a selection finds, by segment, layer, then byte offset. */
    List<SelectedChunk> chunks(EntryId dataset, ChunkSelection selection);

    @Override
    void close();
}
