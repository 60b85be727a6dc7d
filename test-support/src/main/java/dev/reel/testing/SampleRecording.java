package dev.reel.testing;

import dev.reel.api.ChunkId;
import dev.reel.api.StoreId;
import dev.reel.api.Tuid;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.CrateVersion;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.Sorbet;
import dev.reel.api.log.StoreInfo;
import dev.reel.api.log.StoreSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A small recording made of core-api's types alone, for the contract suites: what they write, send and read
 * back. It is built here rather than with rrd-codec's {@code RecordingStream} because rrd-codec's own tests
 * depend on this module (Maven refuses the cycle), and because a third-party codec's contract should not need
 * Reel's {@code .rrd} codec to make its test data.
 */
public final class SampleRecording {
    private SampleRecording() {}

    /**
     * The messages of one recording, in the order an SDK sends them: the recording's store info, a static
     * chunk, two temporal chunks of {@code /contract} on the {@code frame} timeline, then a blueprint of the
     * same application ({@link #blueprintOf}): its store info, a chunk, and the command that makes it active and
     * default. Every message is new (fresh row and chunk ids); the caller owns them and closes them.
     */
    public static List<LogMsg> messages(StoreId recording, BufferAllocator allocator) {
        StoreId blueprint = blueprintOf(recording);
        List<LogMsg> messages = new ArrayList<>();
        messages.add(storeInfo(recording));
        messages.add(new ArrowMsg(recording, chunk(ChunkId.next(), "/contract/description", null, 1, allocator)));
        messages.add(new ArrowMsg(recording, chunk(ChunkId.next(), "/contract", 0L, 3, allocator)));
        messages.add(new ArrowMsg(recording, chunk(ChunkId.next(), "/contract", 3L, 40, allocator)));
        messages.add(storeInfo(blueprint));
        messages.add(new ArrowMsg(blueprint, chunk(ChunkId.next(), "/viewport", 0L, 1, allocator)));
        messages.add(new BlueprintActivationCommand(blueprint, true, true));
        return messages;
    }

    /**
     * The {@link #messages} of two recordings of different applications, one after the other: what a stream of
     * more than one store holds (a proxy's output, a merged file).
     */
    public static List<LogMsg> twoRecordings(BufferAllocator allocator) {
        List<LogMsg> messages = new ArrayList<>(messages(StoreId.recording("contract_app", "first"), allocator));
        messages.addAll(messages(StoreId.recording("other_app", "second"), allocator));
        return messages;
    }

    /** The blueprint that {@link #messages} sends with a recording. */
    public static StoreId blueprintOf(StoreId recording) {
        return StoreId.blueprint(recording.applicationId().value(), "blueprint-of-" + recording.recordingId().value());
    }

    /**
     * A chunk of {@code entityPath} with a {@code TextLog:text} component, one line per row: on the
     * {@code frame} timeline from {@code firstFrame} on, or static when {@code firstFrame} is null.
     */
    public static Chunk chunk(ChunkId id, String entityPath, Long firstFrame, int rows, BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>();
        FixedSizeBinaryVector rowIds = new FixedSizeBinaryVector(new Field(Sorbet.ROW_ID_COLUMN, new FieldType(false,
                new ArrowType.FixedSizeBinary(Tuid.BYTES), null, Map.of(Sorbet.KIND_KEY, Sorbet.KIND_CONTROL)), null),
                allocator);
        rowIds.allocateNew(rows);
        vectors.add(rowIds);
        BigIntVector frames = null;
        if (firstFrame != null) {
            frames = new BigIntVector(new Field("frame", new FieldType(true, new ArrowType.Int(64, true), null,
                    Map.of(Sorbet.KIND_KEY, Sorbet.KIND_INDEX, Sorbet.INDEX_NAME_KEY, "frame")), null), allocator);
            frames.allocateNew(rows);
            vectors.add(frames);
        }
        ListVector texts = (ListVector) new Field("TextLog:text", new FieldType(true, ArrowType.List.INSTANCE, null,
                Map.of(Sorbet.KIND_KEY, Sorbet.KIND_DATA, Sorbet.COMPONENT_KEY, "TextLog:text")),
                List.of(new Field(Sorbet.LIST_ITEM, FieldType.nullable(ArrowType.Utf8.INSTANCE), null)))
                .createVector(allocator);
        texts.allocateNew();
        vectors.add(texts);
        VarCharVector items = (VarCharVector) texts.getDataVector();
        for (int row = 0; row < rows; row++) {
            rowIds.set(row, Tuid.next().toBytes());
            if (frames != null) {
                frames.set(row, firstFrame + row);
            }
            texts.startNewValue(row);
            items.setSafe(row, ("line " + row).getBytes(StandardCharsets.UTF_8));
            texts.endValue(row, 1);
        }
        for (FieldVector vector : vectors) {
            vector.setValueCount(rows);
        }
        return Chunk.fromRecordBatch(new VectorSchemaRoot(new Schema(vectors.stream().map(FieldVector::getField)
                .toList(), Map.of(Sorbet.CHUNK_ID_KEY, id.toString(), Sorbet.ENTITY_PATH_KEY, entityPath,
                Sorbet.VERSION_KEY, Sorbet.VERSION)), vectors, rows));
    }

    private static SetStoreInfo storeInfo(StoreId store) {
        return new SetStoreInfo(Tuid.next(), new StoreInfo(store, StoreSource.other("reel contract suite"),
                Optional.of(CrateVersion.WRITTEN)));
    }
}
