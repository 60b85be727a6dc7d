package dev.reel.rrd;

import static java.util.Objects.requireNonNull;

import dev.reel.api.ChunkId;
import dev.reel.api.StoreId;
import java.util.List;
import dev.reel.api.Timeline;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.arrow.vector.types.pojo.Schema;
import dev.reel.rrd.internal.FooterReader;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The footer manifest of one store (0.28+): where each of its chunks lies in the stream, so a reader can
 * fetch chunks without scanning (rerun-rrd-format.md §6).
 *
 * @param storeId the store the manifest describes
 * @param chunks one entry per chunk, in manifest order
 * @param columns number of columns of the manifest table (chunk columns plus per-timeline statistics)
 * @param sorbetSchema the store's merged Sorbet schema, when the manifest has one
 * @param schemaSha256 the SHA-256 Rerun computed of that schema (32 bytes), or empty
 */
public record RrdManifest(StoreId storeId, List<Entry> chunks, int columns, Optional<Schema> sorbetSchema,
        byte[] schemaSha256) {
    /**
     * One chunk.
     *
     * @param byteOffset where its {@code ArrowMsg} payload starts, counted from the start of its stream
     * @param byteSize the payload's length
     * @param numRows rows, when the manifest says (absent in 0.28 files)
     * @param timelines the chunk's range on each timeline it has (the manifest's {@code <timeline>:start/end})
     */
    public record Entry(ChunkId chunkId, String entityPath, boolean isStatic, OptionalLong numRows, long byteOffset,
            long byteSize, OptionalLong byteSizeUncompressed, List<TimeSpan> timelines) {
        public Entry {
            requireNonNull(chunkId, "chunkId is null");
            requireNonNull(entityPath, "entityPath is null");
            timelines = List.copyOf(timelines);
        }
    }

    /** The inclusive range of times a chunk covers on one timeline. */
    public record TimeSpan(Timeline timeline, long min, long max) {
        public TimeSpan {
            requireNonNull(timeline, "timeline is null");
        }
    }

    /** Number of fields of the store's merged Sorbet schema (0 without one). */
    public int schemaFields() {
        return sorbetSchema.map(schema -> schema.getFields().size()).orElse(0);
    }

    /**
     * The manifests an {@code End} frame carries (0.28+); none for a legacy, empty {@code End}.
     *
     * @throws RrdFormatException if the footer payload is not a valid {@code RrdFooter}
     */
    public static List<RrdManifest> ofEnd(RrdFrame end, String source, BufferAllocator allocator)
            throws RrdFormatException {
        if (end.kind() != RrdFrame.END) {
            throw new IllegalArgumentException("not an End frame: kind " + end.kind());
        }
        if (end.payload().length == 0) {
            return List.of();
        }
        return FooterReader.read(end.payload(), source, end.payloadOffset(), allocator);
    }

    public RrdManifest {
        requireNonNull(storeId, "storeId is null");
        requireNonNull(sorbetSchema, "sorbetSchema is null");
        chunks = List.copyOf(chunks);
        schemaSha256 = schemaSha256 == null ? new byte[0] : schemaSha256.clone();
    }

    @Override
    public byte[] schemaSha256() {
        return schemaSha256.clone();
    }
}
