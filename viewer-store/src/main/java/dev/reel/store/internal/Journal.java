package dev.reel.store.internal;

import dev.reel.api.StoreId;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.MessageKind;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.StreamHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the store accepted, on disk, so that live recordings survive a restart: every frame is appended, in
 * Rerun's transport form, to an append-only {@code .rrd} stream of its store under the journal folder
 * ({@link JournalLayout}); blueprint activation commands go to one stream of their own, because their order
 * across stores decides which blueprint is active. Files are plain {@code .rrd}: {@code reel rrd verify} reads
 * them, and a torn tail after a crash is cut at recovery ({@link JournalRecovery}).
 *
 * <p>A store info is held back until its store's first chunk and written just before it: a store without data
 * is not a recording, and a stream the store refused entirely leaves nothing behind. Producers repeat their
 * store infos when they reconnect, so one lost with a crash before any data costs nothing.
 *
 * <p>{@link #append} hands the bytes to the operating system (they survive a crash of Reel); {@link #sync}
 * forces them to the disk (they survive a crash of the machine). Thread-safe.
 */
final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    /** Open files kept at most; the least recently written are closed (and synced first if dirty). */
    static final int MAX_OPEN_FILES = 256;
    /**
     * Frames are written through one off-heap buffer of this size, in slices: a heap array written to a file
     * directly goes through a temporary off-heap copy that the JDK allocates, zeroes and frees again for every
     * write larger than its cache (256 KiB under {@code bin/reel}).
     */
    static final int STAGING_BYTES = 256 << 10;

    private final JournalLayout layout;
    private final Map<Path, FileChannel> open = new LinkedHashMap<>(16, 0.75f, true);
    private final Set<Path> dirty = new LinkedHashSet<>();
    private final Map<StoreId, LogFrame> heldInfos = new HashMap<>();
    private final byte[] header = new byte[RrdFrame.HEADER_SIZE];
    private final ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_BYTES);
    private long appended;

    Journal(JournalLayout layout) {
        this.layout = layout;
    }

    JournalLayout layout() {
        return layout;
    }

    /** Appends a frame the store accepted (to the operating system; see {@link #sync}). */
    synchronized void append(LogFrame frame) throws IOException {
        if (frame.kind() == MessageKind.BLUEPRINT_ACTIVATION_COMMAND) {
            write(layout.activations(), frame);
            return;
        }
        Path file = layout.fileOf(frame.storeId());
        if (frame.kind() == MessageKind.SET_STORE_INFO && !Files.exists(file)) {
            heldInfos.put(frame.storeId(), frame);
            return;
        }
        LogFrame info = heldInfos.remove(frame.storeId());
        if (info != null) {
            write(file, info);
        }
        write(file, frame);
    }

    private void write(Path file, LogFrame frame) throws IOException {
        FileChannel channel = channel(file);
        RrdFrame.writeHeader(header, frame.kind().number(), frame.size());
        staging.clear().put(header);
        byte[] payload = frame.payload();
        int offset = 0;
        do {
            int slice = Math.min(staging.remaining(), payload.length - offset);
            staging.put(payload, offset, slice).flip();
            offset += slice;
            while (staging.hasRemaining()) {
                channel.write(staging);
            }
            staging.clear();
        } while (offset < payload.length);
        dirty.add(file);
        appended++;
    }

    private FileChannel channel(Path file) throws IOException {
        FileChannel channel = open.get(file);
        if (channel != null) {
            return channel;
        }
        Files.createDirectories(file.getParent());
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        if (channel.size() == 0) {
            channel.write(ByteBuffer.wrap(StreamHeader.written(Compression.LZ4).toBytes()));
            // a new file must be found again after a crash of the machine, not only its bytes
            channel.force(true);
            layout.syncFolders(file);
        }
        open.put(file, channel);
        if (open.size() > MAX_OPEN_FILES) {
            Path eldest = open.keySet().iterator().next();
            close(eldest, open.remove(eldest));
        }
        return channel;
    }

    /**
     * Forces every file written before the call to the disk. The forcing happens outside the journal's lock, so
     * appends go on meanwhile.
     */
    void sync() throws IOException {
        List<FileChannel> channels = new ArrayList<>();
        synchronized (this) {
            for (Path file : dirty) {
                FileChannel channel = open.get(file);
                if (channel != null) {
                    channels.add(channel);
                }
            }
            dirty.clear();
        }
        for (FileChannel channel : channels) {
            try {
                channel.force(false);
            } catch (ClosedChannelException e) {
                // closed meanwhile by eviction or deletion, which forces or no longer needs the data
            }
        }
    }

    /** Forgets a store: its file is deleted, and a store info held for it dropped. */
    synchronized void delete(StoreId store) {
        heldInfos.remove(store);
        Path file = layout.fileOf(store);
        FileChannel channel = open.remove(file);
        dirty.remove(file);
        try {
            if (channel != null) {
                channel.close();
            }
            if (Files.deleteIfExists(file)) {
                LOG.info("deleted the journal of {}", store);
                layout.removeEmptyFolders(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the journal of " + store + " at " + file, e);
        }
    }

    /** Frames appended since the journal was opened. */
    synchronized long appended() {
        return appended;
    }

    /** Every journal file: one per store that has data, and the activation commands. */
    Stream<Path> files() throws IOException {
        return layout.files();
    }

    private void close(Path file, FileChannel channel) throws IOException {
        if (dirty.remove(file)) {
            channel.force(false);
        }
        channel.close();
    }

    @Override
    public synchronized void close() throws IOException {
        IOException failure = null;
        for (Map.Entry<Path, FileChannel> entry : open.entrySet()) {
            try {
                close(entry.getKey(), entry.getValue());
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        open.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
