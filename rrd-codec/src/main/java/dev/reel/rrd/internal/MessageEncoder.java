package dev.reel.rrd.internal;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.rrd.Compression;
import java.io.IOException;

/**
 * Encodes {@link LogMsg}s into their protobuf payloads, as Rerun 0.33 writes them: Arrow IPC of the chunk
 * (one schema, one batch, end marker), LZ4-compressed unless told otherwise, with chunk id and static flag.
 * A large chunk whose data does not compress (camera images, already-compressed blobs) is written uncompressed
 * instead, as the format allows per message: a {@value #PROBE_BYTES}-byte probe of its end (where the bulk of
 * the data lies, after the schema and index columns) is compressed first, and LZ4 is skipped when it saves less
 * than a sixteenth (entropy-coded data such as JPEG barely compresses). LZ4 on such data costs as much as the
 * rest of encoding and gains nothing; data that compresses a little (the benchmarks' synthetic images save 10%)
 * is still compressed.
 * Reuses its buffers: the bytes returned by {@link #encode} stay valid until the next call. Not thread-safe.
 */
public final class MessageEncoder {
    private final Compression compression;
    private final ByteSink ipc = new ByteSink(64 * 1024);
    private final ByteSink compressed = new ByteSink(64 * 1024);
    private final ByteSink payload = new ByteSink(64 * 1024);
    private final byte[] header = new byte[16];
    /** What the last {@link #arrowData} call produced: LZ4 or uncompressed. */
    private Compression used;

    /** Chunks up to this size are always compressed; larger ones are probed this much. */
    static final int PROBE_BYTES = 64 * 1024;

    public MessageEncoder(Compression compression) {
        this.compression = compression;
    }

    /** The encoded payload of the last {@link #encode} call: {@code bytes[0, length)}. */
    public record Payload(byte[] bytes, int length) {}

    public Payload encode(LogMsg message) throws IOException {
        payload.reset();
        if (message instanceof ArrowMsg arrow) {
            putArrowMsg(arrow);
        } else if (message instanceof SetStoreInfo info) {
            put(Protos.setStoreInfo(info));
        } else {
            put(Protos.activation((BlueprintActivationCommand) message));
        }
        return new Payload(payload.array(), payload.size());
    }

    private void put(MessageLite message) throws IOException {
        int size = message.getSerializedSize();
        CodedOutputStream out = CodedOutputStream.newInstance(payload.reserve(size), 0, size);
        message.writeTo(out);
        out.checkNoSpaceLeft();
        payload.advance(size);
    }

    private void putArrowMsg(ArrowMsg message) throws IOException {
        ByteSink data = arrowData(message.chunk());
        var storeId = Protos.storeId(message.storeId());
        var chunkId = Protos.tuid(message.chunk().id().tuid());
        int size = ArrowMsgWire.size(storeId, used.protoNumber(), ipc.size(), data.size(), chunkId,
                message.chunk().isStatic());
        CodedOutputStream out = CodedOutputStream.newInstance(payload.reserve(size), 0, size);
        ArrowMsgWire.write(out, storeId, used.protoNumber(), ipc.size(), data.array(), 0, data.size(),
                chunkId, message.chunk().isStatic());
        out.checkNoSpaceLeft();
        payload.advance(size);
    }

    /** The chunk as Arrow IPC, compressed if this encoder compresses; valid until the next call. */
    private ByteSink arrowData(Chunk chunk) throws IOException {
        ipc.reset();
        ArrowIpc.write(chunk.recordBatch(), ipc);
        if (compression == Compression.LZ4 && compresses(ipc)) {
            Lz4Block.compress(ipc.array(), ipc.size(), compressed);
            used = Compression.LZ4;
            return compressed;
        }
        used = Compression.NONE;
        return ipc;
    }

    /** Whether LZ4 pays for this IPC stream: always for a small one, by a probe of its end for a large one. */
    private boolean compresses(ByteSink data) {
        if (data.size() <= 2 * PROBE_BYTES) {
            return true;
        }
        Lz4Block.compress(data.array(), data.size() - PROBE_BYTES, PROBE_BYTES, compressed);
        return compressed.size() < PROBE_BYTES - PROBE_BYTES / 16;
    }

    /**
     * Writes a message framed for an {@code .rrd} stream (16-byte header, then the payload) to {@code out}.
     * Arrow data goes out as it is rather than through the payload buffer, saving a copy of the largest part.
     *
     * @return the bytes written
     */
    public long writeFramed(LogMsg message, java.io.OutputStream out) throws IOException {
        if (!(message instanceof ArrowMsg arrow)) {
            Payload encoded = encode(message);
            writeHeader(out, message.kind().number(), encoded.length());
            out.write(encoded.bytes(), 0, encoded.length());
            return 16L + encoded.length();
        }
        ByteSink data = arrowData(arrow.chunk());
        var storeId = Protos.storeId(arrow.storeId());
        var chunkId = Protos.tuid(arrow.chunk().id().tuid());
        boolean isStatic = arrow.chunk().isStatic();
        int size = ArrowMsgWire.size(storeId, used.protoNumber(), ipc.size(), data.size(), chunkId, isStatic);
        writeHeader(out, arrow.kind().number(), size);
        CodedOutputStream coded = CodedOutputStream.newInstance(out, 4096);
        ArrowMsgWire.write(coded, storeId, used.protoNumber(), ipc.size(), data.array(), 0, data.size(),
                chunkId, isStatic);
        coded.flush();
        return 16L + size;
    }

    private void writeHeader(java.io.OutputStream out, int kind, int length) throws IOException {
        java.nio.ByteBuffer.wrap(header).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, kind).putLong(8, length);
        out.write(header);
    }
}
