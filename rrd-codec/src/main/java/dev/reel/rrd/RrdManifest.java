package dev.reel.rrd;

import static java.util.Objects.requireNonNull;

import dev.reel.api.ChunkId;
import dev.reel.api.StoreId;
import java.util.List;
import java.util.OptionalLong;
import dev.reel.rrd.internal.FooterReader;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The footer manifest of one store (0.28+): where each of its chunks lies in the stream, so a reader can
 * fetch chunks without scanning (rerun-rrd-format.md §6).
 *
 * @param storeId the store the manifest describes
 * @param chunks one entry per chunk, in manifest order
 * @param columns number of columns of the manifest table (chunk columns plus per-timeline statistics)
 * @param schemaFields number of fields of the store's merged Sorbet schema
 * @param schemaSha256 the SHA-256 Rerun computed of that schema (32 bytes), or empty
 */
public record RrdManifest(StoreId storeId, List<Entry> chunks, int columns, int schemaFields, byte[] schemaSha256) {
    /**
     * One chunk.
     *
     * @param byteOffset where its {@code ArrowMsg} payload starts, counted from the start of its stream
     * @param byteSize the payload's length
     * @param numRows rows, when the manifest says (absent in 0.28 files)
     */
    public record Entry(ChunkId chunkId, String entityPath, boolean isStatic, OptionalLong numRows, long byteOffset,
            long byteSize, OptionalLong byteSizeUncompressed) {
        public Entry {
            requireNonNull(chunkId, "chunkId is null");
            requireNonNull(entityPath, "entityPath is null");
        }
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
        chunks = List.copyOf(chunks);
        schemaSha256 = schemaSha256 == null ? new byte[0] : schemaSha256.clone();
    }

    @Override
    public byte[] schemaSha256() {
        return schemaSha256.clone();
    }
}
