package dev.reel.rrd.internal;

import static dev.reel.rrd.RrdFormatException.Kind.BAD_ARROW;
import static dev.reel.rrd.RrdFormatException.Kind.BAD_CHUNK;
import static dev.reel.rrd.RrdFormatException.Kind.BAD_LZ4;
import static dev.reel.rrd.RrdFormatException.Kind.BAD_PROTOBUF;
import static dev.reel.rrd.RrdFormatException.Kind.LEGACY_PROTOBUF;
import static dev.reel.rrd.RrdFormatException.Kind.MESSAGE_TOO_LARGE;
import static dev.reel.rrd.RrdFormatException.Kind.UNSUPPORTED_ENCODING;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.reel.api.StoreId;
import dev.reel.api.Tuid;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.ChunkFormatException;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.MessageKind;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.StoreInfo;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.internal.ArrowIpc.IpcException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes message payloads into {@link LogMsg}s. Remembers application ids announced by store infos, so that
 * messages of old streams (0.24 and earlier) whose store ids lack one can be attributed, as Rerun does.
 * Not thread-safe: one per stream.
 */
public final class MessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(MessageDecoder.class);

    private final String source;
    private final BufferAllocator allocator;
    private final long maxMessageBytes;
    private final Map<String, String> applicationIdByRecording = new HashMap<>();

    public MessageDecoder(String source, BufferAllocator allocator, long maxMessageBytes) {
        this.source = source;
        this.allocator = allocator;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Decodes one payload; the caller owns the result. Returns empty for a message Rerun drops as well (data
     * of an old stream that names no application before its store info).
     *
     * @param offset where the message starts in the input, for errors
     */
    public Optional<LogMsg> decode(MessageKind kind, byte[] payload, int length, long offset)
            throws RrdFormatException {
        try {
            return switch (kind) {
                case SET_STORE_INFO -> Optional.of(setStoreInfo(payload, length, offset));
                case ARROW_MSG -> arrowMsg(payload, length, offset);
                case BLUEPRINT_ACTIVATION_COMMAND -> activation(payload, length, offset);
            };
        } catch (RrdFormatException e) {
            throw e;
        } catch (InvalidProtocolBufferException e) {
            throw error(BAD_PROTOBUF, offset, kind + " is not valid protobuf: " + e.getMessage(), e);
        } catch (IOException e) {
            throw error(BAD_PROTOBUF, offset, kind + " could not be read: " + e.getMessage(), e);
        }
    }

    private SetStoreInfo setStoreInfo(byte[] payload, int length, long offset) throws IOException {
        var proto = dev.reel.rrd.internal.proto.SetStoreInfo.parseFrom(
                com.google.protobuf.CodedInputStream.newInstance(payload, 0, length));
        Tuid rowId = proto.hasRowId() ? Protos.tuid(proto.getRowId()) : null;
        if (rowId == null) {
            throw error(BAD_PROTOBUF, offset, "SetStoreInfo has no row_id (time_ns and inc)");
        }
        if (!proto.hasInfo() || !proto.getInfo().hasStoreId()) {
            throw error(BAD_PROTOBUF, offset, "SetStoreInfo has no info.store_id");
        }
        var info = proto.getInfo();
        if (!info.hasStoreSource()) {
            throw error(BAD_PROTOBUF, offset, "SetStoreInfo has no info.store_source");
        }
        String legacyApplicationId = info.hasApplicationId() ? info.getApplicationId().getId() : null;
        StoreId storeId = storeId(info.getStoreId(), legacyApplicationId, offset);
        if (storeId == null) {
            throw error(BAD_PROTOBUF, offset, "SetStoreInfo has no application id or recording id");
        }
        applicationIdByRecording.put(storeId.recordingId().value(), storeId.applicationId().value());
        return new SetStoreInfo(rowId, new StoreInfo(storeId, Protos.storeSource(info.getStoreSource()),
                Optional.ofNullable(Protos.version(info))));
    }

    private Optional<LogMsg> activation(byte[] payload, int length, long offset) throws IOException {
        var proto = dev.reel.rrd.internal.proto.BlueprintActivationCommand.parseFrom(
                com.google.protobuf.CodedInputStream.newInstance(payload, 0, length));
        if (!proto.hasBlueprintId()) {
            throw error(BAD_PROTOBUF, offset, "BlueprintActivationCommand has no blueprint_id");
        }
        StoreId blueprint = attributed(proto.getBlueprintId(), offset);
        return blueprint == null ? Optional.empty()
                : Optional.of(new BlueprintActivationCommand(blueprint, proto.getMakeActive(), proto.getMakeDefault()));
    }

    private Optional<LogMsg> arrowMsg(byte[] payload, int length, long offset) throws IOException {
        ArrowMsgWire.Header header = ArrowMsgWire.parse(payload, 0, length);
        if (header.hasLegacyPayload() && header.payloadLength() == 0) {
            throw error(LEGACY_PROTOBUF, offset, "ArrowMsg uses the pre-release rerun.log_msg.v0 schema of "
                    + "Rerun 0.23 development builds (payload in field 1000); no released Rerun reads it");
        }
        if (header.storeId() == null) {
            throw error(BAD_PROTOBUF, offset, "ArrowMsg has no store_id");
        }
        StoreId storeId = attributed(header.storeId(), offset);
        if (storeId == null) {
            return Optional.empty();
        }
        if (header.encoding() != ArrowMsgWire.ENCODING_ARROW_IPC) {
            throw error(UNSUPPORTED_ENCODING, offset, "ArrowMsg encoding " + header.encoding()
                    + " is not Arrow IPC (1)");
        }
        // migrate() and fromRecordBatch() release the batch when they reject it
        VectorSchemaRoot batch = readBatch(header, offset);
        try {
            return Optional.of(new ArrowMsg(storeId, Chunk.fromRecordBatch(SorbetMigration.migrate(batch, allocator))));
        } catch (ChunkFormatException e) {
            throw error(BAD_CHUNK, offset, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw error(BAD_CHUNK, offset, "chunk could not be read: " + e, e);
        }
    }

    private VectorSchemaRoot readBatch(ArrowMsgWire.Header header, long offset) throws RrdFormatException {
        int compressed = header.payloadLength();
        ArrowBuf ipc;
        switch (header.compression()) {
            case 0, 1 -> {
                ipc = allocate(compressed, offset);
                ipc.setBytes(0, header.bytes(), header.payloadOffset(), compressed);
            }
            case 2 -> {
                long size = header.uncompressedSize();
                if (size <= 0 || size > maxMessageBytes) {
                    throw error(size > maxMessageBytes ? MESSAGE_TOO_LARGE : BAD_LZ4, offset,
                            "ArrowMsg declares " + Long.toUnsignedString(size) + " uncompressed bytes (limit "
                                    + maxMessageBytes + ")");
                }
                if (size > Lz4Block.MAX_RATIO * compressed + 64) {
                    throw error(BAD_LZ4, offset, "ArrowMsg declares " + size + " uncompressed bytes for "
                            + compressed + " LZ4 bytes, more than LZ4 can expand");
                }
                ipc = allocate(size, offset);
                int produced = Lz4Block.decompress(header.bytes(), header.payloadOffset(), compressed,
                        ipc.nioBuffer(0, (int) size));
                if (produced != size) {
                    ipc.close();
                    throw error(BAD_LZ4, offset, produced < 0 ? "LZ4 payload is corrupt"
                            : "LZ4 payload decompresses to " + produced + " bytes, not the declared " + size);
                }
            }
            default -> throw error(UNSUPPORTED_ENCODING, offset, "unknown ArrowMsg compression "
                    + header.compression());
        }
        try {
            return ArrowIpc.read(ipc, allocator);
        } catch (IpcException e) {
            throw error(BAD_ARROW, offset, e.getMessage(), e);
        }
    }

    private ArrowBuf allocate(long size, long offset) throws RrdFormatException {
        try {
            return allocator.buffer(size);
        } catch (org.apache.arrow.memory.OutOfMemoryException e) {
            throw error(MESSAGE_TOO_LARGE, offset, "no memory for a message of " + size + " bytes: " + e.getMessage(), e);
        }
    }

    /** The store id, completed with a remembered application id; null (and a warning) if there is none. */
    private StoreId attributed(dev.reel.rrd.internal.proto.StoreId proto, long offset) throws RrdFormatException {
        StoreId id = storeId(proto, applicationIdByRecording.get(proto.getRecordingId()), offset);
        if (id == null) {
            LOG.warn("{}: dropping the message at byte {}: its store {} names no application and no store info "
                    + "came before it", source, offset, proto.getRecordingId());
        }
        return id;
    }

    private StoreId storeId(dev.reel.rrd.internal.proto.StoreId proto, String fallback, long offset)
            throws RrdFormatException {
        try {
            return Protos.storeId(proto, fallback);
        } catch (IllegalArgumentException e) {
            throw error(BAD_PROTOBUF, offset, "invalid store id: " + e.getMessage(), e);
        }
    }

    private RrdFormatException error(RrdFormatException.Kind kind, long offset, String message) {
        return new RrdFormatException(kind, source, offset, message);
    }

    private RrdFormatException error(RrdFormatException.Kind kind, long offset, String message, Throwable cause) {
        return new RrdFormatException(kind, source, offset, message, cause);
    }
}
