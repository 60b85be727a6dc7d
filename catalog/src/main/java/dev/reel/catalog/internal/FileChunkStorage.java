package dev.reel.catalog.internal;

import static java.util.Objects.requireNonNull;

import dev.reel.api.ApplicationId;
import dev.reel.api.ChunkId;
import dev.reel.api.RecordingId;
import dev.reel.api.StoreId;
import dev.reel.api.StoreKind;
import dev.reel.api.log.Chunk;
import dev.reel.api.spi.ChunkStorage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

/**
 * Chunks as files on local disk: one Arrow IPC stream per chunk under
 * {@code <root>/<kind>/<application>/<recording>/<chunk id>.arrow}. A chunk is written to a temporary file,
 * forced to disk and renamed into place, so a chunk that {@link #put} reported stored survives a crash, and a
 * crash never leaves a half-written chunk behind.
 */
final class FileChunkStorage implements ChunkStorage {
    private static final String SUFFIX = ".arrow";

    private final Path root;
    private final AtomicLong sizeBytes = new AtomicLong();

    FileChunkStorage(Path root) throws IOException {
        this.root = requireNonNull(root, "root is null");
        Files.createDirectories(root);
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(SUFFIX)).forEach(f -> sizeBytes.addAndGet(size(f)));
        }
    }

    @Override
    public String name() {
        return "files";
    }

    @Override
    public boolean put(StoreId store, Chunk chunk) throws IOException {
        Path target = file(store, chunk.id());
        if (Files.exists(target)) {
            return false;
        }
        Path folder = target.getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, ".writing-", SUFFIX + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel);
                    ArrowStreamWriter writer = new ArrowStreamWriter(chunk.recordBatch(), null, out)) {
                writer.start();
                writer.writeBatch();
                writer.end();
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                return false;
            }
            forceFolder(folder);
        } finally {
            Files.deleteIfExists(temporary);
        }
        sizeBytes.addAndGet(size(target));
        return true;
    }

    /** Makes the rename itself durable. */
    private static void forceFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public Optional<Chunk> get(StoreId store, ChunkId id, BufferAllocator allocator) throws IOException {
        Path file = file(store, id);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                ArrowStreamReader reader = new ArrowStreamReader(channel, allocator)) {
            if (!reader.loadNextBatch()) {
                throw new IOException(file + " holds no record batch");
            }
            VectorSchemaRoot loaded = reader.getVectorSchemaRoot();
            // the reader owns its root: move the vectors into one the chunk can own
            VectorSchemaRoot owned = VectorSchemaRoot.create(loaded.getSchema(), allocator);
            for (int i = 0; i < loaded.getFieldVectors().size(); i++) {
                loaded.getVector(i).makeTransferPair(owned.getVector(i)).transfer();
            }
            owned.setRowCount(loaded.getRowCount());
            return Optional.of(Chunk.fromRecordBatch(owned));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean remove(StoreId store, ChunkId id) throws IOException {
        Path file = file(store, id);
        long size = size(file);
        if (!Files.deleteIfExists(file)) {
            return false;
        }
        sizeBytes.addAndGet(-size);
        return true;
    }

    @Override
    public List<ChunkId> chunkIds(StoreId store) throws IOException {
        Path folder = folder(store);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(SUFFIX) && !name.startsWith("."))
                    .map(name -> ChunkId.parse(name.substring(0, name.length() - SUFFIX.length())))
                    .sorted()
                    .toList();
        }
    }

    @Override
    public Set<StoreId> stores() throws IOException {
        Set<StoreId> stores = new HashSet<>();
        for (StoreKind kind : StoreKind.values()) {
            Path kindFolder = root.resolve(kind.toString());
            for (Path application : list(kindFolder)) {
                for (Path recording : list(application)) {
                    StoreId id = new StoreId(kind, ApplicationId.of(decode(application)), RecordingId.of(decode(recording)));
                    if (!chunkIds(id).isEmpty()) {
                        stores.add(id);
                    }
                }
            }
        }
        return stores;
    }

    private static List<Path> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return new ArrayList<>(entries.filter(Files::isDirectory).toList());
        }
    }

    @Override
    public long sizeBytes() {
        return sizeBytes.get();
    }

    private Path folder(StoreId store) {
        return root.resolve(store.kind().toString()).resolve(encode(store.applicationId().value()))
                .resolve(encode(store.recordingId().value()));
    }

    private Path file(StoreId store, ChunkId id) {
        return folder(store).resolve(id + SUFFIX);
    }

    /** A file name for any id: everything but letters, digits, {@code -} and {@code _} percent-encoded. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private static String decode(Path path) {
        return URLDecoder.decode(path.getFileName().toString().replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
