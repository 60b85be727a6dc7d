package dev.reel.catalog.internal;

import dev.reel.api.SegmentId;
import dev.reel.api.StoreKind;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.ComponentColumn;
import dev.reel.api.log.MessageKind;
import dev.reel.api.log.Sorbet;
import dev.reel.api.log.TimeColumn;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.catalog.internal.CatalogRecords.ChunkRecord;
import dev.reel.catalog.internal.CatalogRecords.SchemaColumn;
import dev.reel.catalog.internal.CatalogRecords.SourceFile;
import dev.reel.catalog.internal.CatalogRecords.TimelineRange;
import dev.reel.rrd.RrdCodec;
import dev.reel.rrd.RrdFile;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.RrdManifest;
import dev.reel.rrd.RrdStreamDecoder;
import dev.reel.rrd.StoreAttribution;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * What one file holds for a dataset, read once at registration: per recording of the dataset's store kind
 * (each becomes a segment) its chunks with where they lie in the file and what they cover, its schema columns
 * and time ranges, and a fingerprint of the file (size, modification time, SHA-256). A file with one stream and
 * a footer is indexed from its footer manifest, whose chunks were counted when it was written; other files are
 * scanned chunk by chunk.
 */
final class RecordingIndexer {
    private static final int READ_SIZE = 1 << 20;
    private static final RrdCodec CODEC = new RrdCodec();

    /** One recording of a file. */
    record IndexedRecording(SegmentId segment, List<ChunkRecord> chunks, List<SchemaColumn> columns,
            List<TimelineRange> timelines, long sizeBytes, byte[] schemaSha256) {}

    /** What a file holds for a dataset. */
    record IndexedFile(SourceFile file, List<IndexedRecording> recordings) {}

    private final BufferAllocator allocator;

    RecordingIndexer(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    /**
     * Indexes the recordings of {@code kind} in a file.
     *
     * @throws RrdFormatException if the file is not a valid {@code .rrd} stream (nothing is indexed then)
     */
    IndexedFile index(Path file, StoreKind kind) throws IOException {
        return index(file, kind, true);
    }

    /** As {@link #index(Path, StoreKind)}; {@code useFooter} false scans even a file with a footer (tests). */
    IndexedFile index(Path file, StoreKind kind, boolean useFooter) throws IOException {
        long size = Files.size(file);
        var modified = Files.getLastModifiedTime(file).toInstant();
        Optional<List<Builder>> fromFooter = useFooter ? fromFooter(file, kind) : Optional.empty();
        List<Builder> recordings;
        String sha256;
        if (fromFooter.isPresent()) {
            recordings = fromFooter.get();
            sha256 = hash(file, null);
        } else {
            Scan scan = new Scan(file.toString(), kind);
            sha256 = hash(file, scan);
            recordings = scan.recordings();
        }
        if (Files.size(file) != size || !Files.getLastModifiedTime(file).toInstant().equals(modified)) {
            throw new IOException(file + " changed while it was being registered");
        }
        List<IndexedRecording> indexed = new ArrayList<>();
        for (Builder builder : recordings) {
            indexed.add(builder.build());
        }
        return new IndexedFile(new SourceFile(file, size, modified, sha256), indexed);
    }

    // ------------------------------------------------------------------------------------------ footers

    /** The recordings from the footer, if the file is one stream with a complete manifest (rows counted). */
    private Optional<List<Builder>> fromFooter(Path file, StoreKind kind) throws IOException {
        try (RrdFile rrd = RrdFile.open(file, allocator)) {
            if (rrd.manifests().isEmpty() || rrd.streamStart() != 0) {
                return Optional.empty();
            }
            Map<String, Builder> recordings = new LinkedHashMap<>();
            for (RrdManifest manifest : rrd.manifests()) {
                if (manifest.storeId().kind() != kind) {
                    continue;
                }
                if (manifest.sorbetSchema().isEmpty()
                        || manifest.chunks().stream().anyMatch(e -> e.numRows().isEmpty())) {
                    return Optional.empty(); // 0.28 manifests lack row counts: scan instead
                }
                Builder builder = recordings.computeIfAbsent(manifest.storeId().recordingId().value(), Builder::new);
                for (RrdManifest.Entry entry : manifest.chunks()) {
                    List<TimelineRange> timelines = new ArrayList<>();
                    for (RrdManifest.TimeSpan span : entry.timelines()) {
                        timelines.add(new TimelineRange(span.timeline().name(), span.timeline().type(), span.min(),
                                span.max()));
                    }
                    builder.chunk(new ChunkRecord(entry.chunkId(), entry.entityPath(), entry.isStatic(),
                            entry.byteOffset(), entry.byteSize(), entry.numRows().getAsLong(), timelines));
                }
                for (Field field : manifest.sorbetSchema().get().getFields()) {
                    String entity = field.getMetadata().get(Sorbet.ENTITY_PATH_KEY);
                    if (Sorbet.KIND_DATA.equals(field.getMetadata().get(Sorbet.KIND_KEY)) && entity != null) {
                        builder.column(entity, field);
                    }
                }
            }
            return Optional.of(new ArrayList<>(recordings.values()));
        } catch (RrdFormatException e) {
            return Optional.empty(); // a footer that does not check out: the scan decides
        }
    }

    // --------------------------------------------------------------------------------------------- scans

    /** Reads every chunk of a file's stores of one kind, as the bytes go by. */
    private final class Scan implements RrdStreamDecoder.Listener {
        private final String source;
        private final StoreKind kind;
        private final RrdStreamDecoder decoder;
        private final StoreAttribution attribution;
        private final Map<String, Builder> recordings = new LinkedHashMap<>();

        Scan(String source, StoreKind kind) {
            this.source = source;
            this.kind = kind;
            this.decoder = new RrdStreamDecoder(source, DecodeOptions.DEFAULT_MAX_MESSAGE_BYTES);
            this.attribution = new StoreAttribution(source);
        }

        void push(ByteBuffer bytes) throws IOException {
            decoder.push(bytes, this);
        }

        void finish() throws IOException {
            decoder.finish(this);
        }

        @Override
        public void frame(RrdFrame frame) throws IOException {
            // every frame goes through the attribution: streams written before Rerun 0.25 name the application
            // only in their store infos
            Optional<LogFrame> attributed = attribution.attribute(frame);
            if (frame.messageKind() != MessageKind.ARROW_MSG || attributed.isEmpty()
                    || attributed.get().storeId().kind() != kind) {
                return;
            }
            try (ArrowMsg message = (ArrowMsg) CODEC.decode(attributed.get(), allocator)) {
                Chunk chunk = message.chunk();
                List<TimelineRange> timelines = new ArrayList<>();
                for (TimeColumn time : chunk.timeColumns()) {
                    if (time.size() > 0) {
                        timelines.add(new TimelineRange(time.timeline().name(), time.timeline().type(), time.min(),
                                time.max()));
                    }
                }
                Builder builder = recordings.computeIfAbsent(message.storeId().recordingId().value(), Builder::new);
                builder.chunk(new ChunkRecord(chunk.id(), chunk.entityPath().toString(), chunk.isStatic(),
                        frame.payloadOffset(), frame.payload().length, chunk.numRows(), timelines));
                for (ComponentColumn column : chunk.components()) {
                    builder.column(chunk.entityPath().toString(), column.vector().getField());
                }
            }
        }

        List<Builder> recordings() {
            return new ArrayList<>(recordings.values());
        }
    }

    /** Hashes the file and, when given a scan, feeds it the same bytes: one read for both. */
    private static String hash(Path file, Scan scan) throws IOException {
        MessageDigest digest = sha256();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(READ_SIZE);
            while (channel.read(buffer.clear()) >= 0) {
                buffer.flip();
                digest.update(buffer.duplicate());
                if (scan != null) {
                    scan.push(buffer);
                }
            }
            if (scan != null) {
                scan.finish();
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    // ------------------------------------------------------------------------------------------ builders

    /** One recording's index as it is gathered. */
    private static final class Builder {
        final String recordingId;
        final List<ChunkRecord> chunks = new ArrayList<>();
        /** By entity and component; the first type seen for a column (a file does not disagree with itself). */
        final Map<String, SchemaColumn> columns = new TreeMap<>();
        final Map<String, TimelineRange> timelines = new TreeMap<>();
        long sizeBytes;

        Builder(String recordingId) {
            this.recordingId = recordingId;
        }

        void chunk(ChunkRecord chunk) {
            chunks.add(chunk);
            sizeBytes += chunk.byteSize();
            for (TimelineRange range : chunk.timelines()) {
                timelines.merge(range.timeline(), range, (a, b) -> new TimelineRange(a.timeline(), a.type(),
                        Math.min(a.min(), b.min()), Math.max(a.max(), b.max())));
            }
        }

        void column(String entity, Field field) {
            String component = field.getMetadata().getOrDefault(Sorbet.COMPONENT_KEY, field.getName());
            columns.computeIfAbsent(entity + "\u0000" + component, key -> SchemaColumns.of(entity, component, field));
        }

        IndexedRecording build() {
            return new IndexedRecording(new SegmentId(recordingId), chunks, List.copyOf(columns.values()),
                    List.copyOf(timelines.values()), sizeBytes, SchemaColumns.sha256(columns.values()));
        }
    }
}
