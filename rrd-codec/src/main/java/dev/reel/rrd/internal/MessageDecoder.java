package dev.reel.rrd.internal;

import static dev.reel.rrd.RrdFormatException.Kind.BAD_ARROW;
import static dev.reel.rrd.RrdFormatException.Kind.BAD_CHUNK;
import static dev.reel.rrd.RrdFormatException.Kind.BAD_LZ4;
import static dev.reel.rrd.RrdFormatException.Kind.BAD_PROTOBUF;
import static dev.reel.rrd.RrdFormatException.Kind.LEGACY_PROTOBUF;
import static dev.reel.rrd.RrdFormatException.Kind.MESSAGE_TOO_LARGE;
import static dev.reel.rrd.RrdFormatException.Kind.UNSUPPORTED_ENCODING;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.Tuid;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.ChunkFormatException;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.StoreInfo;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.internal.ArrowIpc.IpcException;
import java.io.IOException;
import java.util.Optional;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Decodes the payload of a {@link LogFrame} into a {@link LogMsg} of the frame's store: the store id on the
 * frame is authoritative ({@link dev.reel.rrd.StoreAttribution} settled it), so decoding needs no memory of
 * earlier messages. Stateless and thread-safe.
 */
public final class MessageDecoder {
    private final BufferAllocator allocator;
    private final long maxMessageBytes;

    /**
     * @param allocator where decoded chunks live
     * @param maxMessageBytes the largest decompressed Arrow payload accepted
     */
    public MessageDecoder(BufferAllocator allocator, long maxMessageBytes) {
        this.allocator = allocator;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Decodes one frame; the caller owns the result. */
    public LogMsg decode(LogFrame frame) throws RrdFormatException {
        try {
            return switch (frame.kind()) {
                case SET_STORE_INFO -> setStoreInfo(frame);
                case ARROW_MSG -> arrowMsg(frame);
                case BLUEPRINT_ACTIVATION_COMMAND -> activation(frame);
            };
        } catch (RrdFormatException e) {
            throw e;
        } catch (InvalidProtocolBufferException e) {
            throw error(frame, BAD_PROTOBUF, frame.kind() + " is not valid protobuf: " + e.getMessage(), e);
        } catch (IOException e) {
            throw error(frame, BAD_PROTOBUF, frame.kind() + " could not be read: " + e.getMessage(), e);
        }
    }

    private SetStoreInfo setStoreInfo(LogFrame frame) throws IOException {
        var proto = dev.reel.rrd.proto.logmsg.SetStoreInfo.parseFrom(
                com.google.protobuf.CodedInputStream.newInstance(frame.payload()));
        Tuid rowId = proto.hasRowId() ? Protos.tuid(proto.getRowId()) : null;
        if (rowId == null) {
            throw error(frame, BAD_PROTOBUF, "SetStoreInfo has no row_id (time_ns and inc)");
        }
        if (!proto.hasInfo() || !proto.getInfo().hasStoreSource()) {
            throw error(frame, BAD_PROTOBUF, "SetStoreInfo has no info.store_source");
        }
        var info = proto.getInfo();
        return new SetStoreInfo(rowId, new StoreInfo(frame.storeId(), Protos.storeSource(info.getStoreSource()),
                Optional.ofNullable(Protos.version(info))));
    }

    private LogMsg activation(LogFrame frame) throws IOException {
        var proto = dev.reel.rrd.proto.logmsg.BlueprintActivationCommand.parseFrom(
                com.google.protobuf.CodedInputStream.newInstance(frame.payload()));
        return new BlueprintActivationCommand(frame.storeId(), proto.getMakeActive(), proto.getMakeDefault());
    }

    private LogMsg arrowMsg(LogFrame frame) throws IOException {
        byte[] payload = frame.payload();
        ArrowMsgWire.Header header = ArrowMsgWire.parse(payload, 0, payload.length);
        if (header.hasLegacyPayload() && header.payloadLength() == 0) {
            throw error(frame, LEGACY_PROTOBUF, "ArrowMsg uses the pre-release rerun.log_msg.v0 schema of "
                    + "Rerun 0.23 development builds (payload in field 1000); no released Rerun reads it");
        }
        if (header.encoding() != ArrowMsgWire.ENCODING_ARROW_IPC) {
            throw error(frame, UNSUPPORTED_ENCODING, "ArrowMsg encoding " + header.encoding()
                    + " is not Arrow IPC (1)");
        }
        // migrate() and fromRecordBatch() release the batch when they reject it
        VectorSchemaRoot batch = readBatch(header, frame);
        try {
            return new ArrowMsg(frame.storeId(), Chunk.fromRecordBatch(SorbetMigration.migrate(batch, allocator)));
        } catch (ChunkFormatException e) {
            throw error(frame, BAD_CHUNK, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw error(frame, BAD_CHUNK, "chunk could not be read: " + e, e);
        }
    }

    private VectorSchemaRoot readBatch(ArrowMsgWire.Header header, LogFrame frame) throws RrdFormatException {
        int compressed = header.payloadLength();
        ArrowBuf ipc;
        switch (header.compression()) {
            case 0, 1 -> {
                ipc = allocate(compressed, frame);
                ipc.setBytes(0, header.bytes(), header.payloadOffset(), compressed);
            }
            case 2 -> {
                long size = header.uncompressedSize();
                if (size <= 0 || size > maxMessageBytes) {
                    throw error(frame, size > maxMessageBytes ? MESSAGE_TOO_LARGE : BAD_LZ4,
                            "ArrowMsg declares " + Long.toUnsignedString(size) + " uncompressed bytes (limit "
                                    + maxMessageBytes + ")");
                }
                if (size > Lz4Block.MAX_RATIO * compressed + 64) {
                    throw error(frame, BAD_LZ4, "ArrowMsg declares " + size + " uncompressed bytes for "
                            + compressed + " LZ4 bytes, more than LZ4 can expand");
                }
                ipc = allocate(size, frame);
                int produced = Lz4Block.decompress(header.bytes(), header.payloadOffset(), compressed,
                        ipc.nioBuffer(0, (int) size));
                if (produced != size) {
                    ipc.close();
                    throw error(frame, BAD_LZ4, produced < 0 ? "LZ4 payload is corrupt"
                            : "LZ4 payload decompresses to " + produced + " bytes, not the declared " + size);
                }
            }
            default -> throw error(frame, UNSUPPORTED_ENCODING, "unknown ArrowMsg compression "
                    + header.compression());
        }
        try {
            return ArrowIpc.read(ipc, allocator);
        } catch (IpcException e) {
            throw error(frame, BAD_ARROW, e.getMessage(), e);
        }
    }

    private ArrowBuf allocate(long size, LogFrame frame) throws RrdFormatException {
        try {
            return allocator.buffer(size);
        } catch (org.apache.arrow.memory.OutOfMemoryException e) {
            throw error(frame, MESSAGE_TOO_LARGE, "no memory for a message of " + size + " bytes: " + e.getMessage(), e);
        }
    }

    private static RrdFormatException error(LogFrame frame, RrdFormatException.Kind kind, String message) {
        return new RrdFormatException(kind, frame.source(), frame.offset(), message);
    }

    private static RrdFormatException error(LogFrame frame, RrdFormatException.Kind kind, String message,
            Throwable cause) {
        return new RrdFormatException(kind, frame.source(), frame.offset(), message, cause);
    }
}
