package dev.reel.catalog.internal;

import dev.reel.api.EntryId;
import dev.reel.api.EntryName;
import dev.reel.api.LayerName;
import dev.reel.api.StoreKind;
import dev.reel.api.Tuid;
import dev.reel.catalog.CatalogException;
import dev.reel.catalog.DataSource;
import dev.reel.catalog.Entry;
import dev.reel.catalog.EntryKind;
import dev.reel.catalog.OnDuplicate;
import dev.reel.catalog.Registration;
import dev.reel.catalog.internal.CatalogRecords.LayerRecord;
import dev.reel.catalog.internal.CatalogRecords.SchemaColumn;
import dev.reel.catalog.internal.CatalogRecords.SegmentLayer;
import dev.reel.catalog.internal.RecordingIndexer.IndexedFile;
import dev.reel.catalog.internal.RecordingIndexer.IndexedRecording;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.OutputStream;
import dev.reel.api.spi.RecordingCodec;
import dev.reel.rrd.RrdConversion;
import org.apache.arrow.memory.BufferAllocator;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration (A.3, A.7): resolves sources to files under the allowed roots, indexes each file once, and
 * writes every layer of the request in one transaction, so that a registration either survives whole or
 * leaves nothing. A source that cannot be read or indexed, or whose columns conflict with the dataset's
 * schema, is reported as a failed row and the others are registered; two sources naming the same (segment,
 * layer), or a duplicate under {@link OnDuplicate#ERROR}, fail the whole request.
 */
final class Registrar {
    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);

    private final MetadataStore store;
    private final SourcePolicy policy;
    private final RecordingIndexer indexer;
    private final Path copies;
    private final ForeignFormats formats;
    private final BufferAllocator allocator;
    private final Clock clock;

    /**
     * @param copies where {@link DataSource#copy()} sources are copied to, and files of other formats converted
     * @param formats the formats other than {@code .rrd} registration converts
     * @param allocator where conversions decode
     */
    Registrar(MetadataStore store, SourcePolicy policy, RecordingIndexer indexer, Path copies, ForeignFormats formats,
            BufferAllocator allocator, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.indexer = indexer;
        this.copies = copies;
        this.formats = formats;
        this.allocator = allocator;
        this.clock = clock;
    }

    /** A layer about to be written, with the row that reports it. */
    private record Pending(LayerRecord layer, Registration row) {}

    List<Registration> register(Entry dataset, List<DataSource> sources, OnDuplicate onDuplicate,
            Consumer<Registration> progress) {
        StoreKind kind = kindOf(dataset);
        List<SourceFile> files = new ArrayList<>();
        for (DataSource source : sources) {
            for (Path file : policy.resolve(source, extensions(kind))) {
                files.add(new SourceFile(file, source));
            }
        }
        return registerFiles(dataset, files, onDuplicate, progress);
    }

    /**
     * Registers a recording sent in a request's body: it is stored in the catalog's data folder first (named
     * after {@code fileName}), so the allowed roots do not apply.
     */
    List<Registration> registerUpload(Entry dataset, InputStream body, String fileName, LayerName layer,
            OnDuplicate onDuplicate) {
        Path stored;
        try {
            stored = store(dataset.id(), fileName, target -> Files.copy(body, target,
                    StandardCopyOption.REPLACE_EXISTING));
        } catch (IOException e) {
            throw new CatalogException(CatalogException.Kind.INTERNAL, "cannot store the upload " + fileName
                    + " in the catalog: " + e.getMessage(), e);
        }
        DataSource source = new DataSource(stored.toString(), layer, false, false);
        return registerFiles(dataset, List.of(new SourceFile(stored, source)), onDuplicate, null);
    }

    /** A file a source resolved to. */
    private record SourceFile(Path file, DataSource source) {}

    private List<Registration> registerFiles(Entry dataset, List<SourceFile> files, OnDuplicate onDuplicate,
            Consumer<Registration> progress) {
        StoreKind kind = kindOf(dataset);
        Instant now = clock.instant();
        List<Registration> rows = new ArrayList<>();
        Map<SegmentLayer, Pending> pending = new LinkedHashMap<>();
        Map<String, SchemaColumn> schema = new HashMap<>();
        store.columns(dataset.id()).forEach(column -> schema.putIfAbsent(key(column), column));
        for (SourceFile file : files) {
            List<Registration> fileRows = registerFile(dataset.id(), kind, file.source(), file.file(), now, schema,
                    pending);
            rows.addAll(fileRows);
            if (progress != null) {
                fileRows.forEach(progress);
            }
        }
        Set<SegmentLayer> existing = store.existing(dataset.id(), pending.keySet());
        if (!existing.isEmpty() && onDuplicate == OnDuplicate.ERROR) {
            throw CatalogException.alreadyExists("dataset '" + dataset.name() + "' already has " + describe(existing)
                    + "; register with on_duplicate skip or replace");
        }
        List<LayerRecord> writes = new ArrayList<>();
        for (Pending next : pending.values()) {
            SegmentLayer id = next.layer().id();
            if (!existing.contains(id)) {
                writes.add(next.layer());
            } else if (onDuplicate == OnDuplicate.REPLACE) {
                writes.add(next.layer());
                rows.set(rows.indexOf(next.row()), withStatus(next.row(), Registration.Status.REPLACED));
            } else {
                rows.set(rows.indexOf(next.row()), withStatus(next.row(), Registration.Status.SKIPPED));
            }
        }
        if (!writes.isEmpty()) {
            store.putLayers(dataset.id(), writes, now);
        }
        LOG.info("registered {} layers into '{}' ({} rows, {} failed)", writes.size(), dataset.name(), rows.size(),
                rows.stream().filter(Registration::failed).count());
        return rows;
    }

    /** One file's rows; its layers join {@code pending} unless it fails. */
    private List<Registration> registerFile(EntryId dataset, StoreKind kind, DataSource source, Path file,
            Instant now, Map<String, SchemaColumn> schema, Map<SegmentLayer, Pending> pending) {
        String url = file.toUri().toString();
        IndexedFile indexed;
        try {
            Optional<RecordingCodec> format = kind == StoreKind.RECORDING ? formats.forFile(file) : Optional.empty();
            Path registered = format.isPresent() ? convert(dataset, file, format.get())
                    : source.copy() ? copy(dataset, file) : file;
            url = registered.toUri().toString();
            indexed = indexer.index(registered, kind);
        } catch (IOException | RuntimeException e) {
            return List.of(failed(url, source, "cannot register " + file + ": " + e.getMessage() + unknownFormat(file)));
        }
        if (indexed.recordings().isEmpty()) {
            // A.3: a file without a store of the dataset's kind is skipped, not an error
            LOG.info("skipped {}: it holds no {} store", file, kind);
            return List.of();
        }
        Optional<String> conflict = conflict(indexed, schema);
        if (conflict.isPresent()) {
            return List.of(failed(url, source, conflict.get()));
        }
        List<Registration> rows = new ArrayList<>();
        for (IndexedRecording recording : indexed.recordings()) {
            SegmentLayer id = new SegmentLayer(recording.segment(), source.layer());
            if (pending.containsKey(id)) {
                throw CatalogException.badRequest("duplicate segment layers in request: segment '"
                        + recording.segment() + "' layer '" + source.layer() + "' comes from "
                        + pending.get(id).layer().storageUrl() + " and " + url);
            }
            LayerRecord layer = new LayerRecord(dataset, id, url, indexed.file(), recording.chunks().size(),
                    recording.sizeBytes(), recording.schemaSha256(), now, now, recording.timelines(),
                    recording.columns(), recording.chunks());
            Registration row = new Registration(url, Optional.of(recording.segment()), source.layer(),
                    Registration.TASK_DONE, Registration.Status.REGISTERED, Optional.empty());
            pending.put(id, new Pending(layer, row));
            recording.columns().forEach(column -> schema.putIfAbsent(key(column), column));
            rows.add(row);
        }
        return rows;
    }

    /** The first column of the file whose type differs from the dataset's column of the same name. */
    private static Optional<String> conflict(IndexedFile indexed, Map<String, SchemaColumn> schema) {
        for (IndexedRecording recording : indexed.recordings()) {
            for (SchemaColumn column : recording.columns()) {
                SchemaColumn known = schema.get(key(column));
                if (known != null && !known.typeKey().equals(column.typeKey())) {
                    return Optional.of("schema conflict: " + column.entityPath() + ":" + column.component() + " is "
                            + column.typeKey() + " in " + indexed.file().path() + " but " + known.typeKey()
                            + " in the dataset");
                }
            }
        }
        return Optional.empty();
    }

    /** A hint for a file that failed as {@code .rrd} while its name says it is something else. */
    private static String unknownFormat(Path file) {
        String extension = ForeignFormats.extensionOf(file);
        return extension.isEmpty() || extension.equals("rrd") || extension.equals("rbl") ? ""
                : " (read as .rrd: no installed extension reads ." + extension + " files)";
    }

    /**
     * Converts a file of another format into an {@code .rrd} in the catalog's folder, which is what is registered:
     * the catalog reads chunks by their byte ranges in Rerun's format.
     */
    private Path convert(EntryId dataset, Path file, RecordingCodec format) throws IOException {
        Path converted = store(dataset, file.getFileName() + ".rrd", target -> {
            try (InputStream in = Files.newInputStream(file); OutputStream out = Files.newOutputStream(target)) {
                RrdConversion.toRrd(format, file.toString(), in, out, allocator);
            }
        });
        LOG.info("converted {} ({}) to {}", file, format.name(), converted);
        return converted;
    }

    /** Copies a file into the catalog, named by its content, so that the copy never changes under it. */
    private Path copy(EntryId dataset, Path file) throws IOException {
        return store(dataset, file.getFileName().toString(),
                target -> Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING));
    }

    /** Writes what {@code content} puts into a file, forced to disk, then moved into the catalog's folder. */
    private Path store(EntryId dataset, String name, FileContent content) throws IOException {
        Path folder = copies.resolve(dataset.toString());
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, ".copy", ".part");
        try {
            content.writeTo(temporary);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Path target = folder.resolve(Tuid.next() + "-" + Path.of(name).getFileName());
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @FunctionalInterface
    private interface FileContent {
        void writeTo(Path target) throws IOException;
    }

    private static Registration failed(String url, DataSource source, String error) {
        LOG.warn("registration failed: {}", error);
        return new Registration(url, Optional.empty(), source.layer(), "task_" + Tuid.next(),
                Registration.Status.FAILED, Optional.of(error));
    }

    private static Registration withStatus(Registration row, Registration.Status status) {
        return new Registration(row.storageUrl(), row.segment(), row.layer(), row.taskId(), status, row.error());
    }

    static StoreKind kindOf(Entry dataset) {
        return switch (dataset.kind()) {
            case DATASET -> StoreKind.RECORDING;
            case BLUEPRINT_DATASET -> StoreKind.BLUEPRINT;
            default -> throw CatalogException.badRequest("'" + dataset.name() + "' is a " + dataset.kind()
                    + ", not a dataset recordings can be registered into");
        };
    }

    /**
     * Blueprint datasets take {@code .rbl} files too: the name is a convention of the same format. Recording
     * datasets take the formats extensions read as well.
     */
    private Set<String> extensions(StoreKind kind) {
        if (kind == StoreKind.BLUEPRINT) {
            return Set.of("rbl", "rrd");
        }
        Set<String> extensions = new java.util.TreeSet<>(formats.extensions());
        extensions.add("rrd");
        return extensions;
    }

    private static String key(SchemaColumn column) {
        return column.entityPath() + "\u0000" + column.component();
    }

    private static String describe(Set<SegmentLayer> layers) {
        StringBuilder text = new StringBuilder();
        layers.stream().limit(5).forEach(l -> text.append(text.isEmpty() ? "" : ", ").append("segment '")
                .append(l.segment()).append("' layer '").append(l.layer()).append("'"));
        return layers.size() > 5 ? text + " and " + (layers.size() - 5) + " more" : text.toString();
    }

    /** The blueprint dataset a dataset owns. */
    static Entry blueprintDatasetOf(MetadataStore store, Entry dataset) {
        if (dataset.kind() != EntryKind.DATASET) {
            throw CatalogException.badRequest("'" + dataset.name() + "' is not a recording dataset");
        }
        return store.entry(EntryName.blueprintDatasetFor(dataset.id()))
                .filter(e -> e.kind() == EntryKind.BLUEPRINT_DATASET)
                .orElseThrow(() -> new CatalogException(CatalogException.Kind.INTERNAL,
                        "dataset '" + dataset.name() + "' has no blueprint dataset"));
    }
}
