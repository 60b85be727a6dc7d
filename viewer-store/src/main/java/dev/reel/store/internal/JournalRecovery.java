package dev.reel.store.internal;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.api.spi.RecordingFormatException;
import dev.reel.api.spi.TransportCodec;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.RrdStreamDecoder;
import dev.reel.rrd.StoreAttribution;
import dev.reel.rrd.StreamHeader;
import dev.reel.store.StoreHub;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores the hub from the journal at start-up, before anything new is accepted: every journal file is read as
 * the {@code .rrd} stream it is and its messages are stored as on ingest (pooled, compacted, under the memory
 * limit). A file that ends inside a message (the torn tail of a crash) is cut back to its last whole message; a
 * file damaged elsewhere is kept beside it as {@code .damaged} and cut back to before the damage, so that new
 * messages can be appended to a valid stream again.
 */
final class JournalRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);
    private static final int READ_SIZE = 1 << 20;

    /** What recovery found. */
    record Report(int files, long messages, long bytes, long cutBytes, List<Path> damaged) {}

    private final Journal journal;
    private final StoreHub hub;
    private final TransportCodec codec;
    private final BufferAllocator allocator;

    JournalRecovery(Journal journal, StoreHub hub, TransportCodec codec, BufferAllocator allocator) {
        this.journal = journal;
        this.hub = hub;
        this.codec = codec;
        this.allocator = allocator;
    }

    Report recover() throws IOException {
        int files = 0;
        long[] messages = {0};
        long bytes = 0;
        long cut = 0;
        List<Path> damaged = new java.util.ArrayList<>();
        for (Path file : journal.files().toList()) {
            files++;
            long size = Files.size(file);
            long end = replay(file, messages);
            if (end == 0) {
                // no valid stream header: a file a crash left before its header was written whole holds nothing
                if (size >= StreamHeader.SIZE) {
                    damaged.add(Files.copy(file, file.resolveSibling(file.getFileName() + ".damaged"),
                            StandardCopyOption.REPLACE_EXISTING));
                }
                Files.delete(file);
                cut += size;
                continue;
            }
            if (end < size) {
                cut += size - end;
                if (!isTornTail(file, end)) {
                    Path copy = file.resolveSibling(file.getFileName() + ".damaged");
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                    damaged.add(copy);
                }
                truncate(file, end);
            }
            bytes += end;
        }
        Report report = new Report(files, messages[0], bytes, cut, List.copyOf(damaged));
        if (files > 0) {
            LOG.info("restored {} messages ({} MiB) from {} journal files in {}{}", report.messages(),
                    report.bytes() >> 20, files, journal.layout().folder(), cut == 0 ? ""
                            : "; cut " + cut + " bytes of torn or damaged tails" + (damaged.isEmpty() ? ""
                                    : ", damaged files kept as " + damaged));
        }
        return report;
    }

    /** Replays a file; returns where its valid part ends (its size when all of it is valid). */
    private long replay(Path file, long[] messages) throws IOException {
        String source = "journal " + journal.layout().folder().relativize(file);
        RrdStreamDecoder decoder = new RrdStreamDecoder(source, DecodeOptions.DEFAULT_MAX_MESSAGE_BYTES);
        StoreAttribution attribution = new StoreAttribution(source);
        RrdStreamDecoder.Listener listener = frame -> store(attribution, frame, messages);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(READ_SIZE);
            while (channel.read(buffer.clear()) >= 0) {
                decoder.push(buffer.flip(), listener);
            }
            decoder.finish(listener);
            return channel.size();
        } catch (RrdFormatException e) {
            LOG.warn("{}", e.getMessage());
            return e.offset() < StreamHeader.SIZE ? 0 : e.offset();
        }
    }

    private void store(StoreAttribution attribution, RrdFrame frame, long[] messages) throws RrdFormatException {
        Optional<LogFrame> attributed = attribution.attribute(frame);
        if (attributed.isEmpty()) {
            return;
        }
        LogMsg message;
        try {
            message = codec.decode(attributed.get(), allocator);
        } catch (RecordingFormatException e) {
            // accepted once, so this is damage on disk: keep the rest of the file
            LOG.warn("skipping a message the journal holds but that no longer decodes: {}", e.getMessage());
            return;
        }
        try {
            hub.ingest(message, "journal");
            messages[0]++;
        } catch (RuntimeException e) {
            LOG.warn("skipping a journaled {} the store no longer takes: {}", attributed.get(), e.toString());
        }
    }

    /** True if nothing but an incomplete last message follows {@code end}: what a crash mid-write leaves. */
    private static boolean isTornTail(Path file, long end) throws IOException {
        long size = Files.size(file);
        if (end < StreamHeader.SIZE) {
            return size < StreamHeader.SIZE;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (size - end < RrdFrame.HEADER_SIZE) {
                return true;
            }
            ByteBuffer header = ByteBuffer.allocate(RrdFrame.HEADER_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            channel.read(header, end);
            long kind = header.getLong(0);
            long length = header.getLong(8);
            return kind >= 0 && kind <= 3 && length >= 0 && end + RrdFrame.HEADER_SIZE + length > size;
        }
    }

    private static void truncate(Path file, long end) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(end);
            channel.force(true);
        }
    }
}
