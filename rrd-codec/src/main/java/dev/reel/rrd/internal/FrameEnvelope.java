package dev.reel.rrd.internal;

import static dev.reel.rrd.RrdFormatException.Kind.BAD_PROTOBUF;
import static dev.reel.rrd.RrdFormatException.Kind.LEGACY_PROTOBUF;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.reel.api.StoreId;
import dev.reel.api.log.MessageKind;
import dev.reel.rrd.RrdFormatException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what routing needs from a message's protobuf, without touching its Arrow payload: the store id and, for
 * Arrow messages, whether the chunk is static. The same checks as full decoding apply to the envelope.
 */
public final class FrameEnvelope {
    /** What the envelope says. */
    public record Header(StoreId storeId, boolean isStatic) {}

    private final String source;
    private final Map<String, String> applicationIdByRecording = new HashMap<>();

    public FrameEnvelope(String source) {
        this.source = source;
    }

    public Optional<Header> read(MessageKind kind, byte[] payload, long offset) throws RrdFormatException {
        try {
            return switch (kind) {
                case SET_STORE_INFO -> Optional.of(storeInfo(payload, offset));
                case ARROW_MSG -> arrow(payload, offset);
                case BLUEPRINT_ACTIVATION_COMMAND -> activation(payload, offset);
            };
        } catch (RrdFormatException e) {
            throw e;
        } catch (InvalidProtocolBufferException e) {
            throw new RrdFormatException(BAD_PROTOBUF, source, offset, kind + " is not valid protobuf: "
                    + e.getMessage(), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new RrdFormatException(BAD_PROTOBUF, source, offset, kind + " could not be read: " + e.getMessage(), e);
        }
    }

    private Header storeInfo(byte[] payload, long offset) throws IOException {
        var proto = dev.reel.rrd.internal.proto.SetStoreInfo.parseFrom(CodedInputStream.newInstance(payload));
        if (!proto.hasRowId() || Protos.tuid(proto.getRowId()) == null || !proto.hasInfo()
                || !proto.getInfo().hasStoreId() || !proto.getInfo().hasStoreSource()) {
            throw new RrdFormatException(BAD_PROTOBUF, source, offset,
                    "SetStoreInfo lacks row_id, info.store_id or info.store_source");
        }
        var info = proto.getInfo();
        StoreId id = Protos.storeId(info.getStoreId(), info.hasApplicationId() ? info.getApplicationId().getId() : null);
        if (id == null) {
            throw new RrdFormatException(BAD_PROTOBUF, source, offset, "SetStoreInfo has no application or recording id");
        }
        applicationIdByRecording.put(id.recordingId().value(), id.applicationId().value());
        return new Header(id, false);
    }

    private Optional<Header> arrow(byte[] payload, long offset) throws IOException {
        ArrowMsgWire.Header header = ArrowMsgWire.parse(payload, 0, payload.length);
        if (header.hasLegacyPayload() && header.payloadLength() == 0) {
            throw new RrdFormatException(LEGACY_PROTOBUF, source, offset,
                    "ArrowMsg uses the pre-release rerun.log_msg.v0 schema");
        }
        if (header.storeId() == null) {
            throw new RrdFormatException(BAD_PROTOBUF, source, offset, "ArrowMsg has no store_id");
        }
        return attributed(header.storeId()).map(id -> new Header(id, Boolean.TRUE.equals(header.isStatic())));
    }

    private Optional<Header> activation(byte[] payload, long offset) throws IOException {
        var proto = dev.reel.rrd.internal.proto.BlueprintActivationCommand.parseFrom(
                CodedInputStream.newInstance(payload));
        if (!proto.hasBlueprintId()) {
            throw new RrdFormatException(BAD_PROTOBUF, source, offset, "BlueprintActivationCommand has no blueprint_id");
        }
        return attributed(proto.getBlueprintId()).map(id -> new Header(id, false));
    }

    private Optional<StoreId> attributed(dev.reel.rrd.internal.proto.StoreId proto) {
        return Optional.ofNullable(Protos.storeId(proto, applicationIdByRecording.get(proto.getRecordingId())));
    }
}
