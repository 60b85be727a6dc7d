package dev.reel.rrd.internal;

import static dev.reel.rrd.RrdFormatException.Kind.BAD_FOOTER;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.reel.api.ChunkId;
import dev.reel.api.StoreId;
import dev.reel.api.Tuid;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.RrdManifest;
import dev.reel.rrd.internal.proto.DataframePart;
import dev.reel.rrd.internal.proto.RrdFooter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/** Reads the {@code RrdFooter} payload of an {@code End} message into manifests (rerun-rrd-format.md §6). */
public final class FooterReader {
    private FooterReader() {}

    public static List<RrdManifest> read(byte[] payload, String source, long offset, BufferAllocator allocator)
            throws RrdFormatException {
        RrdFooter footer;
        try {
            footer = RrdFooter.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new RrdFormatException(BAD_FOOTER, source, offset, "footer is not valid protobuf: " + e.getMessage(), e);
        }
        List<RrdManifest> manifests = new ArrayList<>();
        for (var manifest : footer.getManifestsList()) {
            StoreId storeId = manifest.hasStoreId() ? Protos.storeId(manifest.getStoreId(), null) : null;
            if (storeId == null) {
                throw new RrdFormatException(BAD_FOOTER, source, offset, "footer manifest has no complete store id");
            }
            int schemaFields = manifest.hasSorbetSchema() ? schemaFieldCount(
                    manifest.getSorbetSchema().getArrowSchema().toByteArray(), allocator, source, offset) : 0;
            try (VectorSchemaRoot table = table(manifest.getData(), allocator, source, offset)) {
                manifests.add(new RrdManifest(storeId, entries(table, source, offset), table.getFieldVectors().size(),
                        schemaFields, manifest.getSorbetSchemaSha256().toByteArray()));
            }
        }
        return manifests;
    }

    private static VectorSchemaRoot table(DataframePart part, BufferAllocator allocator, String source, long offset)
            throws RrdFormatException {
        byte[] data = part.getPayload().toByteArray();
        ArrowBuf ipc;
        if (part.getCompressionValue() == 2) {
            long size = part.getUncompressedSize();
            if (size <= 0 || size > Lz4Block.MAX_RATIO * data.length + 64) {
                throw new RrdFormatException(BAD_FOOTER, source, offset, "manifest declares " + size
                        + " uncompressed bytes for " + data.length + " LZ4 bytes");
            }
            ipc = allocator.buffer(size);
            if (Lz4Block.decompress(data, 0, data.length, ipc.nioBuffer(0, (int) size)) != size) {
                ipc.close();
                throw new RrdFormatException(BAD_FOOTER, source, offset, "manifest LZ4 data is corrupt");
            }
        } else {
            ipc = allocator.buffer(data.length);
            ipc.setBytes(0, data);
        }
        try {
            return ArrowIpc.read(ipc, allocator);
        } catch (ArrowIpc.IpcException e) {
            throw new RrdFormatException(BAD_FOOTER, source, offset, "manifest table: " + e.getMessage(), e);
        }
    }

    private static List<RrdManifest.Entry> entries(VectorSchemaRoot table, String source, long offset)
            throws RrdFormatException {
        VarCharVector paths = column(table, "chunk_entity_path", VarCharVector.class, source, offset);
        FixedSizeBinaryVector ids = column(table, "chunk_id", FixedSizeBinaryVector.class, source, offset);
        BitVector statics = column(table, "chunk_is_static", BitVector.class, source, offset);
        UInt8Vector offsets = column(table, "chunk_byte_offset", UInt8Vector.class, source, offset);
        UInt8Vector sizes = column(table, "chunk_byte_size", UInt8Vector.class, source, offset);
        FieldVector rows = table.getVector("chunk_num_rows");
        FieldVector uncompressed = table.getVector("chunk_byte_size_uncompressed");
        List<RrdManifest.Entry> entries = new ArrayList<>();
        for (int i = 0; i < table.getRowCount(); i++) {
            entries.add(new RrdManifest.Entry(new ChunkId(Tuid.fromBytes(ids.get(i))),
                    new String(paths.get(i), java.nio.charset.StandardCharsets.UTF_8), statics.get(i) == 1,
                    optional(rows, i), offsets.get(i), sizes.get(i), optional(uncompressed, i)));
        }
        return entries;
    }

    private static OptionalLong optional(FieldVector vector, int row) {
        return vector instanceof UInt8Vector v && !v.isNull(row) ? OptionalLong.of(v.get(row)) : OptionalLong.empty();
    }

    private static <T> T column(VectorSchemaRoot table, String name, Class<T> type, String source, long offset)
            throws RrdFormatException {
        FieldVector vector = table.getVector(name);
        if (!type.isInstance(vector)) {
            throw new RrdFormatException(BAD_FOOTER, source, offset, "manifest column " + name + " is "
                    + (vector == null ? "missing" : vector.getField().getType()));
        }
        return type.cast(vector);
    }

    private static int schemaFieldCount(byte[] ipc, BufferAllocator allocator, String source, long offset)
            throws RrdFormatException {
        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(ipc), allocator)) {
            return reader.getVectorSchemaRoot().getSchema().getFields().size();
        } catch (IOException | RuntimeException e) {
            throw new RrdFormatException(BAD_FOOTER, source, offset, "manifest Sorbet schema: " + e.getMessage(), e);
        }
    }
}
