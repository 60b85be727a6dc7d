package dev.reel.rrd.internal;

import static dev.reel.rrd.RrdFormatException.Kind.BAD_PROTOBUF;
import static dev.reel.rrd.RrdFormatException.Kind.LEGACY_PROTOBUF;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.reel.api.ChunkId;
import dev.reel.api.StoreKind;
import dev.reel.api.Tuid;
import dev.reel.api.log.MessageKind;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdEnvelope;
import dev.reel.rrd.RrdFormatException;
import java.io.IOException;

/**
 * Reads and rewrites the protobuf envelope of messages without touching their Arrow data: the one place that
 * knows where each kind of message keeps its store id. The checks are those full decoding applies.
 */
public final class Envelopes {
    private Envelopes() {}

    public static RrdEnvelope read(MessageKind kind, byte[] payload, String source, long offset)
            throws RrdFormatException {
        try {
            return switch (kind) {
                case SET_STORE_INFO -> storeInfo(payload, source, offset);
                case ARROW_MSG -> arrow(payload, source, offset);
                case BLUEPRINT_ACTIVATION_COMMAND -> activation(payload, source, offset);
            };
        } catch (RrdFormatException e) {
            throw e;
        } catch (InvalidProtocolBufferException e) {
            throw new RrdFormatException(BAD_PROTOBUF, source, offset, kind + " is not valid protobuf: "
                    + e.getMessage(), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new RrdFormatException(BAD_PROTOBUF, source, offset, kind + " could not be read: " + e.getMessage(),
                    e);
        }
    }

    private static RrdEnvelope storeInfo(byte[] payload, String source, long offset) throws IOException {
        var proto = dev.reel.rrd.proto.logmsg.SetStoreInfo.parseFrom(CodedInputStream.newInstance(payload));
        if (!proto.hasRowId() || Protos.tuid(proto.getRowId()) == null) {
            throw new RrdFormatException(BAD_PROTOBUF, source, offset, "SetStoreInfo has no row_id (time_ns and inc)");
        }
        if (!proto.hasInfo() || !proto.getInfo().hasStoreId()) {
            throw new RrdFormatException(BAD_PROTOBUF, source, offset, "SetStoreInfo has no info.store_id");
        }
        var info = proto.getInfo();
        if (!info.hasStoreSource()) {
            throw new RrdFormatException(BAD_PROTOBUF, source, offset, "SetStoreInfo has no info.store_source");
        }
        String application = applicationOf(info.getStoreId());
        if (application == null && info.hasApplicationId() && !info.getApplicationId().getId().isEmpty()) {
            application = info.getApplicationId().getId(); // where streams before 0.25 keep it
        }
        if (application == null) {
            throw new RrdFormatException(BAD_PROTOBUF, source, offset, "SetStoreInfo names no application id");
        }
        return envelope(MessageKind.SET_STORE_INFO, info.getStoreId(), application, null, source, offset);
    }

    private static RrdEnvelope arrow(byte[] payload, String source, long offset) throws IOException {
        ArrowMsgWire.Header header = ArrowMsgWire.parse(payload, 0, payload.length);
        if (header.hasLegacyPayload() && header.payloadLength() == 0) {
            throw new RrdFormatException(LEGACY_PROTOBUF, source, offset, "ArrowMsg uses the pre-release "
                    + "rerun.log_msg.v0 schema of Rerun 0.23 development builds (payload in field 1000); no released "
                    + "Rerun reads it");
        }
        if (header.storeId() == null) {
            throw new RrdFormatException(BAD_PROTOBUF, source, offset, "ArrowMsg has no store_id");
        }
        Tuid chunkId = header.chunkId() == null ? null : Protos.tuid(header.chunkId());
        RrdEnvelope.Arrow arrow = new RrdEnvelope.Arrow(chunkId == null ? null : new ChunkId(chunkId),
                Boolean.TRUE.equals(header.isStatic()), compression(header.compression(), source, offset),
                header.uncompressedSize(), header.payloadOffset(), header.payloadLength());
        return envelope(MessageKind.ARROW_MSG, header.storeId(), applicationOf(header.storeId()), arrow, source,
                offset);
    }

    private static RrdEnvelope activation(byte[] payload, String source, long offset) throws IOException {
        var proto = dev.reel.rrd.proto.logmsg.BlueprintActivationCommand.parseFrom(
                CodedInputStream.newInstance(payload));
        if (!proto.hasBlueprintId()) {
            throw new RrdFormatException(BAD_PROTOBUF, source, offset, "BlueprintActivationCommand has no blueprint_id");
        }
        return envelope(MessageKind.BLUEPRINT_ACTIVATION_COMMAND, proto.getBlueprintId(),
                applicationOf(proto.getBlueprintId()), null, source, offset);
    }

    private static RrdEnvelope envelope(MessageKind kind, dev.reel.rrd.proto.common.StoreId id, String application,
            RrdEnvelope.Arrow arrow, String source, long offset) throws RrdFormatException {
        if (id.getRecordingId().isEmpty()) {
            throw new RrdFormatException(BAD_PROTOBUF, source, offset, kind + " names a store with no recording id");
        }
        StoreKind storeKind;
        try {
            storeKind = StoreKind.fromProtoNumber(id.getKindValue());
        } catch (IllegalArgumentException e) {
            throw new RrdFormatException(BAD_PROTOBUF, source, offset, kind + ": " + e.getMessage(), e);
        }
        return new RrdEnvelope(kind, storeKind, id.getRecordingId(), application, arrow);
    }

    private static String applicationOf(dev.reel.rrd.proto.common.StoreId id) {
        return id.hasApplicationId() && !id.getApplicationId().getId().isEmpty() ? id.getApplicationId().getId()
                : null;
    }

    private static Compression compression(int proto, String source, long offset) throws RrdFormatException {
        return switch (proto) {
            case 0, 1 -> Compression.NONE;
            case 2 -> Compression.LZ4;
            default -> throw new RrdFormatException(RrdFormatException.Kind.UNSUPPORTED_ENCODING, source, offset,
                    "unknown ArrowMsg compression " + proto);
        };
    }

    /** {@link RrdEnvelope#rewrite}: a fresh array; the Arrow data is copied, never decoded. */
    public static byte[] rewrite(MessageKind kind, byte[] payload, dev.reel.api.StoreId target, String source,
            long offset) throws RrdFormatException {
        var id = Protos.storeId(target);
        try {
            return switch (kind) {
                case SET_STORE_INFO -> {
                    var info = dev.reel.rrd.proto.logmsg.SetStoreInfo.parseFrom(CodedInputStream.newInstance(payload));
                    yield info.toBuilder().setInfo(info.getInfo().toBuilder().clearApplicationId().setStoreId(id))
                            .build().toByteArray();
                }
                case BLUEPRINT_ACTIVATION_COMMAND -> dev.reel.rrd.proto.logmsg.BlueprintActivationCommand
                        .parseFrom(CodedInputStream.newInstance(payload)).toBuilder().setBlueprintId(id).build()
                        .toByteArray();
                case ARROW_MSG -> ArrowMsgWire.withStoreId(payload, id);
            };
        } catch (InvalidProtocolBufferException e) {
            throw new RrdFormatException(BAD_PROTOBUF, source, offset, kind + " is not valid protobuf: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new RrdFormatException(BAD_PROTOBUF, source, offset, kind + " could not be rewritten: "
                    + e.getMessage(), e);
        }
    }
}
