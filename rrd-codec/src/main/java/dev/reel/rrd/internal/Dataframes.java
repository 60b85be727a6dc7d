package dev.reel.rrd.internal;

import com.google.protobuf.ByteString;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.proto.common.Compression;
import dev.reel.rrd.proto.common.DataframePart;
import dev.reel.rrd.proto.common.EncoderVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Rerun's {@code DataframePart} (an Arrow IPC stream of one batch, LZ4-compressed or not) and {@code Schema} (an
 * IPC stream of a schema alone) to and from Arrow; the implementation of {@link dev.reel.rrd.DataframeParts}.
 */
public final class Dataframes {
    private Dataframes() {}

    /**
     * Reads a part's one record batch; the caller owns the result.
     *
     * @param kind the error kind of a part that cannot be read, with {@code source} and {@code offset} its place
     */
    public static VectorSchemaRoot read(DataframePart part, BufferAllocator allocator, String source, long offset,
            RrdFormatException.Kind kind) throws RrdFormatException {
        byte[] data = part.getPayload().toByteArray();
        ArrowBuf ipc;
        if (part.getCompression() == Compression.COMPRESSION_LZ4) {
            long size = part.getUncompressedSize();
            if (size <= 0 || size > Lz4Block.MAX_RATIO * data.length + 64) {
                throw new RrdFormatException(kind, source, offset, "dataframe part declares " + size
                        + " uncompressed bytes for " + data.length + " LZ4 bytes");
            }
            ipc = allocator.buffer(size);
            if (Lz4Block.decompress(data, 0, data.length, ipc.nioBuffer(0, (int) size)) != size) {
                ipc.close();
                throw new RrdFormatException(kind, source, offset, "dataframe part's LZ4 data is corrupt");
            }
        } else if (part.getCompressionValue() <= Compression.COMPRESSION_NONE_VALUE) {
            if (data.length == 0) {
                throw new RrdFormatException(kind, source, offset, "dataframe part has no payload");
            }
            ipc = allocator.buffer(data.length);
            ipc.setBytes(0, data);
        } else {
            throw new RrdFormatException(kind, source, offset, "dataframe part has unknown compression "
                    + part.getCompressionValue());
        }
        try {
            return ArrowIpc.read(ipc, allocator);
        } catch (ArrowIpc.IpcException e) {
            throw new RrdFormatException(kind, source, offset, "dataframe part: " + e.getMessage(), e);
        }
    }

    /** The table as an uncompressed part. */
    public static DataframePart part(VectorSchemaRoot table) {
        ByteSink sink = new ByteSink(4096);
        try {
            ArrowIpc.write(table, sink);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode an Arrow table", e);
        }
        return DataframePart.newBuilder()
                .setEncoderVersion(EncoderVersion.ENCODER_VERSION_V0)
                .setCompression(Compression.COMPRESSION_NONE)
                .setPayload(ByteString.copyFrom(sink.array(), 0, sink.size()))
                .build();
    }

    /** The schema as Rerun sends schemas: an IPC stream of the schema and the end marker. */
    public static dev.reel.rrd.proto.common.Schema schema(Schema schema, BufferAllocator allocator) {
        ByteSink sink = new ByteSink(1024);
        try (VectorSchemaRoot empty = VectorSchemaRoot.create(schema, allocator);
                ArrowStreamWriter writer = new ArrowStreamWriter(empty, null, (WritableByteChannel) sink)) {
            writer.start();
            writer.end();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode an Arrow schema", e);
        }
        return dev.reel.rrd.proto.common.Schema.newBuilder()
                .setArrowSchema(ByteString.copyFrom(Arrays.copyOf(sink.array(), sink.size())))
                .build();
    }
}
