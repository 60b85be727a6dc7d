package dev.reel.catalog.internal;

import dev.reel.api.ApplicationId;
import dev.reel.api.ChunkId;
import dev.reel.api.EntryId;
import dev.reel.api.RecordingId;
import dev.reel.api.SegmentId;
import dev.reel.api.StoreId;
import dev.reel.api.StoreKind;
import dev.reel.api.Tuid;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.MessageKind;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.StoreInfo;
import dev.reel.api.log.StoreSource;
import dev.reel.catalog.CatalogException;
import dev.reel.catalog.internal.CatalogRecords.ChunkSelection;
import dev.reel.catalog.internal.CatalogRecords.SelectedChunk;
import dev.reel.catalog.internal.CatalogRecords.SourceFile;
import dev.reel.rrd.RrdCodec;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.RrdEnvelope;
import dev.reel.rrd.RrdFrame;
import dev.reel.store.ChunkStoreConfig;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.hub.StoreHubs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Reads registered chunks back: each by its byte range in its layer's file (never the whole file), after
 * checking that the file is still the one registered (size and modification time; the chunk's id is checked
 * once decoded), so that nothing is ever served from a file that changed. Also pools a whole segment — every
 * layer, and the dataset's default blueprint — into a viewer store, for downloads and dataframes.
 */
final class SegmentReader {
    private static final RrdCodec CODEC = new RrdCodec();
    private static final String SOURCE = "reel-catalog";

    private final MetadataStore store;

    SegmentReader(MetadataStore store) {
        this.store = store;
    }

    /** The store id a segment's chunks are served under: the dataset's entry id as application (D.1). */
    static StoreId storeOf(EntryId dataset, SegmentId segment, StoreKind kind) {
        return new StoreId(kind, ApplicationId.of(dataset.toString()), RecordingId.of(segment.value()));
    }

    /**
     * Reads chunks, in the order given, into {@code sink}, which owns each: every file is checked and opened once
     * for all of its chunks.
     */
    void read(StoreId storeId, List<SelectedChunk> chunks, BufferAllocator allocator, Consumer<ArrowMsg> sink) {
        eachChunk(chunks, (chunk, channel) -> sink.accept(read(storeId, chunk, channel, allocator)));
    }

    /**
     * Reads chunks, in the order given, as the bytes of their {@code ArrowMsg}s, not decoded; each message's
     * envelope must name the chunk id registered there. Every file is checked and opened once for its chunks.
     */
    void readEncoded(List<SelectedChunk> chunks, Consumer<byte[]> sink) {
        eachChunk(chunks, (chunk, channel) -> {
            byte[] payload = payload(chunk, channel);
            RrdEnvelope envelope;
            try {
                envelope = RrdEnvelope.read(new RrdFrame(chunk.chunk().byteOffset() - RrdFrame.HEADER_SIZE,
                        MessageKind.ARROW_MSG.number(), payload), chunk.file().path().toString());
            } catch (RrdFormatException e) {
                throw changed(chunk.file(), "the registered chunk is no longer an ArrowMsg: " + e.getMessage());
            }
            ChunkId found = envelope.arrow().chunkId();
            if (found != null && !found.equals(chunk.chunk().id())) {
                throw changed(chunk.file(), "it holds " + found + " where " + chunk.chunk().id() + " was registered");
            }
            sink.accept(payload);
        });
    }

    /** What is done with one chunk whose file is checked and open. */
    @FunctionalInterface
    private interface ChunkReader {
        void read(SelectedChunk chunk, FileChannel channel) throws IOException;
    }

    /** Every chunk in order, each file checked and opened once for all of its chunks. */
    private static void eachChunk(List<SelectedChunk> chunks, ChunkReader reader) {
        Map<Path, FileChannel> open = new HashMap<>();
        try {
            for (SelectedChunk chunk : chunks) {
                FileChannel channel = open.get(chunk.file().path());
                if (channel == null) {
                    checkUnchanged(chunk.file());
                    channel = FileChannel.open(chunk.file().path(), StandardOpenOption.READ);
                    open.put(chunk.file().path(), channel);
                }
                reader.read(chunk, channel);
            }
        } catch (IOException e) {
            throw new CatalogException(CatalogException.Kind.INTERNAL, "cannot read registered chunks: " + e, e);
        } finally {
            open.values().forEach(SegmentReader::closeQuietly);
        }
    }

    /** One chunk by its byte range, from a file already checked and open; the caller owns it. */
    private static ArrowMsg read(StoreId storeId, SelectedChunk selected, FileChannel channel,
            BufferAllocator allocator) throws IOException {
        SourceFile file = selected.file();
        byte[] payload = payload(selected, channel);
        long position = selected.chunk().byteOffset();
        LogFrame frame = new LogFrame(file.path().toString(), position - RrdFrame.HEADER_SIZE,
                MessageKind.ARROW_MSG, storeId, selected.chunk().isStatic(), payload);
        ArrowMsg message;
        try {
            message = (ArrowMsg) CODEC.decode(frame, allocator);
        } catch (RrdFormatException e) {
            throw changed(file, "the registered chunk no longer decodes: " + e.getMessage());
        }
        ChunkId expected = selected.chunk().id();
        if (!message.chunk().id().equals(expected)) {
            message.close();
            throw changed(file, "it holds " + message.chunk().id() + " where " + expected + " was registered");
        }
        return message;
    }

    /** The bytes of a chunk's message, by its byte range. */
    private static byte[] payload(SelectedChunk selected, FileChannel channel) throws IOException {
        byte[] payload = new byte[Math.toIntExact(selected.chunk().byteSize())];
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        long position = selected.chunk().byteOffset();
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw changed(selected.file(), "it ends before the chunk registered at byte " + position);
            }
        }
        return payload;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // read-only: nothing is lost
        }
    }

    /** The file as registered, or a {@code FAILED_PRECONDITION} saying how it differs now. */
    static void checkUnchanged(SourceFile file) {
        try {
            long size = Files.size(file.path());
            if (size != file.size() || !Files.getLastModifiedTime(file.path()).toInstant().equals(file.modified())) {
                throw changed(file, "its size or modification time differs (" + size + " bytes now, "
                        + file.size() + " when registered)");
            }
        } catch (NoSuchFileException e) {
            throw CatalogException.failedPrecondition(file.path() + ", registered in the catalog, is gone");
        } catch (IOException e) {
            throw CatalogException.failedPrecondition(file.path() + ", registered in the catalog, cannot be read: "
                    + e.getMessage());
        }
    }

    /** What the file is now, against what was registered: {@code ok}, {@code changed} or {@code missing}. */
    static String status(SourceFile file) {
        try {
            checkUnchanged(file);
            return "ok";
        } catch (CatalogException e) {
            return Files.exists(file.path()) ? "changed" : "missing";
        }
    }

    private static CatalogException changed(SourceFile file, String how) {
        return CatalogException.failedPrecondition(file.path() + " changed since it was registered: " + how
                + "; register it again");
    }

    /**
     * Every layer of a segment pooled into a hub with the viewer store's rules, and the dataset's default
     * blueprint activated in it; the caller closes the hub.
     */
    StoreHub pool(EntryId dataset, SegmentId segment, Optional<BlueprintSegment> blueprint,
            BufferAllocator allocator) {
        StoreHub hub = StoreHubs.inMemory(new StoreHubConfig(ChunkStoreConfig.DEFAULT, Long.MAX_VALUE, 0), allocator);
        try {
            StoreId recording = storeOf(dataset, segment, StoreKind.RECORDING);
            List<SelectedChunk> chunks = store.chunks(dataset, ChunkSelection.all().withSegments(Set.of(segment)));
            if (chunks.isEmpty()) {
                throw CatalogException.notFound("dataset " + dataset + " has no segment '" + segment + "'");
            }
            hub.ingest(storeInfo(recording), SOURCE);
            ingest(hub, recording, chunks, allocator);
            if (blueprint.isPresent()) {
                StoreId id = storeOf(dataset, blueprint.get().segment(), StoreKind.BLUEPRINT);
                List<SelectedChunk> layout = store.chunks(blueprint.get().dataset(),
                        ChunkSelection.all().withSegments(Set.of(blueprint.get().segment())));
                hub.ingest(storeInfo(id), SOURCE);
                ingest(hub, id, layout, allocator);
                if (!layout.isEmpty()) {
                    hub.ingest(new BlueprintActivationCommand(id, true, true), SOURCE);
                }
            }
            return hub;
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
    }

    /** The blueprint a download carries: a segment of the dataset's blueprint dataset. */
    record BlueprintSegment(EntryId dataset, SegmentId segment) {}

    private void ingest(StoreHub hub, StoreId id, List<SelectedChunk> chunks, BufferAllocator allocator) {
        Iterator<SelectedChunk> sources = chunks.iterator();
        read(id, chunks, allocator, message -> hub.ingest(message, sources.next().storageUrl()));
    }

    private static SetStoreInfo storeInfo(StoreId id) {
        return new SetStoreInfo(Tuid.next(), new StoreInfo(id, StoreSource.other(SOURCE), Optional.empty()));
    }
}
