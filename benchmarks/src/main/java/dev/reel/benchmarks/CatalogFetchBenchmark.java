package dev.reel.benchmarks;

import dev.reel.api.EntryId;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.MessageKind;
import dev.reel.catalog.ChunkQuery;
import dev.reel.rrd.RrdCodec;
import dev.reel.rrd.RrdFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Rerun's two-step dataset read (B.2) of one entity ({@link SmallRecordings#QUERIED_ENTITY}, 2 chunks per file)
 * over a dataset of 1,000 segments: {@link #query} asks for its chunks, {@link #queryAndFetch} also fetches them all
 * by their {@code chunk_key}s (each file checked and opened once, each chunk read by its byte range and decoded),
 * the sink closing every message. The limits, measured in the same run over the same 2,000 byte ranges (found by
 * reading the files with the codec, not by asking the catalog): {@link #rawRangeReads} opens each file and reads its
 * ranges into heap arrays, as the catalog reads them; {@link #rawRangeReadsAndDecode} also decodes each chunk with
 * the codec, which a fetch has to do too.
 */
public class CatalogFetchBenchmark extends CatalogBenchmarkDefaults {
    static final int SEGMENTS = 1_000;
    static final ChunkQuery QUERY = ChunkQuery.everything().withEntityPaths(Set.of(SmallRecordings.QUERIED_ENTITY));
    private static final RrdCodec CODEC = new RrdCodec();

    /** The byte ranges of the entity's chunks in the first {@link #SEGMENTS} recordings. */
    @State(Scope.Benchmark)
    public static class Ranges {
        CatalogFixture fixture;
        List<ChunkRanges> files;
        int chunks;
        long bytes;

        @Setup(Level.Trial)
        public void find() throws IOException {
            fixture = CatalogFixture.create("catalog-fetch");
            files = new ArrayList<>();
            for (int i = 0; i < SEGMENTS; i++) {
                ChunkRanges ranges = ChunkRanges.of(fixture.files.get(i), SmallRecordings.QUERIED_ENTITY,
                        fixture.allocator);
                files.add(ranges);
                chunks += ranges.chunks();
                bytes += ranges.bytes();
            }
            System.out.printf(Locale.ROOT, "%s: %,d chunks, %,d bytes in %,d files%n", SmallRecordings.QUERIED_ENTITY,
                    chunks, bytes, SEGMENTS);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            fixture.close();
        }
    }

    /** A dataset of the same recordings, registered in the trial's setup and checked against the ranges. */
    @State(Scope.Benchmark)
    public static class Segments {
        Ranges ranges;
        EntryId dataset;

        @Setup(Level.Trial)
        public void register(Ranges found) {
            ranges = found;
            dataset = found.fixture.datasetOf(CatalogFixture.DATASET, SEGMENTS);
            try (VectorSchemaRoot chunks = found.fixture.open().query(dataset, QUERY, found.fixture.allocator)) {
                UInt8Vector lengths = (UInt8Vector) chunks.getVector("chunk_byte_len");
                long bytes = 0;
                for (int i = 0; i < chunks.getRowCount(); i++) {
                    bytes += lengths.get(i);
                }
                if (chunks.getRowCount() != found.chunks || bytes != found.bytes) {
                    throw new IllegalStateException("the catalog finds " + chunks.getRowCount() + " chunks of "
                            + bytes + " bytes, the codec " + found.chunks + " of " + found.bytes);
                }
            }
        }
    }

    @Benchmark
    public int query(Segments segments) {
        try (VectorSchemaRoot chunks = segments.ranges.fixture.open().query(segments.dataset, QUERY,
                segments.ranges.fixture.allocator)) {
            return chunks.getRowCount();
        }
    }

    @Benchmark
    public int queryAndFetch(Segments segments) {
        CatalogFixture fixture = segments.ranges.fixture;
        List<byte[]> keys = new ArrayList<>();
        try (VectorSchemaRoot chunks = fixture.open().query(segments.dataset, QUERY, fixture.allocator)) {
            VarBinaryVector column = (VarBinaryVector) chunks.getVector("chunk_key");
            for (int i = 0; i < chunks.getRowCount(); i++) {
                keys.add(column.get(i));
            }
        }
        int[] fetched = {0};
        fixture.open().fetch(segments.dataset, keys, fixture.allocator, message -> {
            message.close();
            fetched[0]++;
        });
        if (fetched[0] != segments.ranges.chunks) {
            throw new IllegalStateException("fetched " + fetched[0] + " chunks of " + segments.ranges.chunks);
        }
        return fetched[0];
    }

    /** Limit: every range read into a new heap array, each file opened once. */
    @Benchmark
    public long rawRangeReads(Ranges ranges) throws IOException {
        return rawRangeReadsOf(ranges);
    }

    static long rawRangeReadsOf(Ranges ranges) throws IOException {
        return eachRange(ranges, (file, chunk, payload) -> payload.length);
    }

    /** Limit: as {@link #rawRangeReads}, and every chunk decoded by the codec, then closed; counts rows. */
    @Benchmark
    public long rawRangeReadsAndDecode(Ranges ranges) throws IOException {
        return rawRangeReadsAndDecodeOf(ranges);
    }

    static long rawRangeReadsAndDecodeOf(Ranges ranges) throws IOException {
        return eachRange(ranges, (file, chunk, payload) -> {
            LogFrame frame = new LogFrame(file.file().toString(), file.offsets()[chunk] - RrdFrame.HEADER_SIZE,
                    MessageKind.ARROW_MSG, file.store(), file.statics()[chunk], payload);
            try (ArrowMsg message = (ArrowMsg) CODEC.decode(frame, ranges.fixture.allocator)) {
                return message.chunk().numRows();
            }
        });
    }

    /** What is done with one range read. */
    @FunctionalInterface
    private interface RangeReader {
        long read(ChunkRanges file, int chunk, byte[] payload) throws IOException;
    }

    /** Reads every range, each file opened once, and sums what {@code reader} makes of them. */
    private static long eachRange(Ranges ranges, RangeReader reader) throws IOException {
        long total = 0;
        for (ChunkRanges file : ranges.files) {
            try (FileChannel channel = FileChannel.open(file.file(), StandardOpenOption.READ)) {
                for (int i = 0; i < file.chunks(); i++) {
                    total += reader.read(file, i, read(channel, file.offsets()[i], file.lengths()[i]));
                }
            }
        }
        return total;
    }

    private static byte[] read(FileChannel channel, long offset, int length) throws IOException {
        byte[] bytes = new byte[length];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw new IOException(channel + " ends before byte " + (offset + length));
            }
        }
        return bytes;
    }
}
