package dev.reel.rrd;

import dev.reel.rrd.internal.Dataframes;
import dev.reel.rrd.proto.common.DataframePart;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Tables as Rerun's gRPC services carry them: a {@code DataframePart} holds an Arrow IPC stream of one record batch,
 * LZ4-compressed (block format, with the uncompressed size beside it) or not; a {@code Schema} holds an IPC stream
 * of a schema alone (rerun-data-platform.md §B, "Dataframe payloads").
 */
public final class DataframeParts {
    private DataframeParts() {}

    /**
     * The part's table; the caller owns it.
     *
     * @param source names the part in errors (e.g. a request and its field)
     * @throws RrdFormatException ({@code BAD_ARROW}) if the part is not one Arrow record batch, compressed as it says
     */
    public static VectorSchemaRoot read(DataframePart part, BufferAllocator allocator, String source)
            throws RrdFormatException {
        return Dataframes.read(part, allocator, source, 0, RrdFormatException.Kind.BAD_ARROW);
    }

    /** The table as an uncompressed part (Rerun's clients read either). */
    public static DataframePart of(VectorSchemaRoot table) {
        return Dataframes.part(table);
    }

    /** The schema as Rerun's {@code Schema} message. */
    public static dev.reel.rrd.proto.common.Schema schema(Schema schema, BufferAllocator allocator) {
        return Dataframes.schema(schema, allocator);
    }
}
