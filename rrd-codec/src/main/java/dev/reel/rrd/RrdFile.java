package dev.reel.rrd;

import static dev.reel.rrd.RrdFormatException.Kind.BAD_FOOTER;

import dev.reel.api.log.ArrowMsg;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.MessageKind;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.rrd.internal.FooterReader;
import dev.reel.rrd.internal.MessageDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Random access to an {@code .rrd} file through its footer (0.28+): the manifests say where every chunk lies,
 * so one chunk can be read without scanning the file. Files without a footer have no manifests; read them
 * sequentially with {@link RrdReader}. Only the footer of the last stream in a file is at its end.
 */
public final class RrdFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final List<RrdManifest> manifests;
    private final long streamStart;

    private RrdFile(Path path, FileChannel channel, List<RrdManifest> manifests, long streamStart) {
        this.path = path;
        this.channel = channel;
        this.manifests = manifests;
        this.streamStart = streamStart;
    }

    /** Opens a file and reads its footer, if it has one; a footer that fails its checks is an error. */
    public static RrdFile open(Path path, BufferAllocator allocator) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (size < StreamHeader.SIZE + StreamFooter.SIZE) {
                return new RrdFile(path, channel, List.of(), 0);
            }
            byte[] tail = read(channel, size - StreamFooter.SIZE, StreamFooter.SIZE);
            if (!StreamFooter.isFooter(tail, 0)) {
                return new RrdFile(path, channel, List.of(), 0);
            }
            StreamFooter footer = StreamFooter.parse(tail, 0);
            long trailer = size - StreamFooter.SIZE;
            if (footer == null || footer.footerLength() < 0 || footer.footerLength() > trailer) {
                throw new RrdFormatException(BAD_FOOTER, path.toString(), trailer, "stream footer is malformed");
            }
            // The footer payload ends where the trailer starts; its stored start is relative to its stream.
            long payloadStart = trailer - footer.footerLength();
            long streamStart = payloadStart - footer.footerStart();
            byte[] payload = read(channel, payloadStart, (int) footer.footerLength());
            int checksum = StreamFooter.checksumOf(payload, 0, payload.length);
            if (checksum != footer.checksum() || streamStart < 0) {
                throw new RrdFormatException(RrdFormatException.Kind.FOOTER_CHECKSUM, path.toString(), trailer,
                        String.format("footer checksum mismatch: trailer says %08x, payload hashes to %08x",
                                footer.checksum(), checksum));
            }
            return new RrdFile(path, channel,
                    FooterReader.read(payload, path.toString(), payloadStart, allocator), streamStart);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Where the stream the footer describes starts in the file: 0 when the file is one stream, more when
     * streams were concatenated before it (their chunks are not in its manifests).
     */
    public long streamStart() {
        return streamStart;
    }

    /** The manifests of the last stream's footer; empty when the file has no footer. */
    public List<RrdManifest> manifests() {
        return manifests;
    }

    public Optional<RrdManifest> manifest(dev.reel.api.StoreId storeId) {
        return manifests.stream().filter(m -> m.storeId().equals(storeId)).findFirst();
    }

    /** Reads one chunk of a manifest's store where the manifest says it is; the caller owns the message. */
    public ArrowMsg readChunk(RrdManifest manifest, RrdManifest.Entry entry, BufferAllocator allocator)
            throws IOException {
        long offset = streamStart + entry.byteOffset();
        if (entry.byteSize() <= 0 || entry.byteSize() > DecodeOptions.DEFAULT_MAX_MESSAGE_BYTES
                || offset + entry.byteSize() > channel.size()) {
            throw new RrdFormatException(BAD_FOOTER, path.toString(), offset, "manifest entry for " + entry.chunkId()
                    + " points outside the file");
        }
        byte[] payload = read(channel, offset, (int) entry.byteSize());
        LogFrame frame = new LogFrame(path.toString(), offset - RrdFrame.HEADER_SIZE, MessageKind.ARROW_MSG,
                manifest.storeId(), entry.isStatic(), payload);
        ArrowMsg arrow = (ArrowMsg) new MessageDecoder(allocator, DecodeOptions.DEFAULT_MAX_MESSAGE_BYTES)
                .decode(frame);
        if (!arrow.chunk().id().equals(entry.chunkId())) {
            arrow.close();
            throw new RrdFormatException(BAD_FOOTER, path.toString(), offset, "manifest says " + entry.chunkId()
                    + " but the message holds " + arrow.chunk().id());
        }
        return arrow;
    }

    private static byte[] read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new java.io.EOFException("file ends at " + (position + buffer.position()));
            }
        }
        return buffer.array();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
