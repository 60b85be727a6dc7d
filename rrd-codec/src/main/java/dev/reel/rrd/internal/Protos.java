package dev.reel.rrd.internal;

import com.google.protobuf.ByteString;
import dev.reel.api.ApplicationId;
import dev.reel.api.RecordingId;
import dev.reel.api.StoreKind;
import dev.reel.api.Tuid;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.CrateVersion;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.StoreInfo;
import dev.reel.api.log.StoreSource;
import dev.reel.rrd.proto.logmsg.StoreSourceExtra;
import dev.reel.rrd.proto.logmsg.StoreVersion;

/** Conversions between Reel's values and the generated protobuf messages (rerun-rrd-format.md §3). */
final class Protos {
    private Protos() {}

    static dev.reel.rrd.proto.common.Tuid tuid(Tuid tuid) {
        return dev.reel.rrd.proto.common.Tuid.newBuilder().setTimeNs(tuid.timeNs()).setInc(tuid.inc()).build();
    }

    static dev.reel.rrd.proto.common.StoreId storeId(dev.reel.api.StoreId id) {
        return dev.reel.rrd.proto.common.StoreId.newBuilder()
                .setKindValue(id.kind().protoNumber())
                .setRecordingId(id.recordingId().value())
                .setApplicationId(dev.reel.rrd.proto.common.ApplicationId.newBuilder()
                        .setId(id.applicationId().value()))
                .build();
    }

    static dev.reel.rrd.proto.logmsg.SetStoreInfo setStoreInfo(SetStoreInfo message) {
        StoreInfo info = message.info();
        dev.reel.rrd.proto.logmsg.StoreInfo.Builder proto = dev.reel.rrd.proto.logmsg.StoreInfo.newBuilder()
                .setStoreId(storeId(info.storeId()))
                .setStoreSource(dev.reel.rrd.proto.logmsg.StoreSource.newBuilder()
                        .setKindValue(info.source().kind().ordinal())
                        .setExtra(StoreSourceExtra.newBuilder()
                                .setPayload(ByteString.copyFrom(info.source().extra()))));
        info.storeVersion().ifPresent(v -> proto.setStoreVersion(
                StoreVersion.newBuilder().setCrateVersionBits(v.toBits())));
        return dev.reel.rrd.proto.logmsg.SetStoreInfo.newBuilder()
                .setRowId(tuid(message.rowId()))
                .setInfo(proto)
                .build();
    }

    static dev.reel.rrd.proto.logmsg.BlueprintActivationCommand activation(BlueprintActivationCommand command) {
        return dev.reel.rrd.proto.logmsg.BlueprintActivationCommand.newBuilder()
                .setBlueprintId(storeId(command.blueprintId()))
                .setMakeActive(command.makeActive())
                .setMakeDefault(command.makeDefault())
                .build();
    }

    /** Reads a TUID whose two fields are both present; null otherwise. */
    static Tuid tuid(dev.reel.rrd.proto.common.Tuid proto) {
        return proto.hasTimeNs() && proto.hasInc() ? new Tuid(proto.getTimeNs(), proto.getInc()) : null;
    }

    /**
     * A store id, its application id taken from {@code fallbackApplicationId} when the message has none (as
     * streams of 0.24 and older do); null if there is none either way.
     */
    static dev.reel.api.StoreId storeId(dev.reel.rrd.proto.common.StoreId proto, String fallbackApplicationId) {
        String applicationId = proto.hasApplicationId() ? proto.getApplicationId().getId() : fallbackApplicationId;
        if (applicationId == null || applicationId.isEmpty() || proto.getRecordingId().isEmpty()) {
            return null;
        }
        return new dev.reel.api.StoreId(StoreKind.fromProtoNumber(proto.getKindValue()),
                ApplicationId.of(applicationId), RecordingId.of(proto.getRecordingId()));
    }

    static StoreSource storeSource(dev.reel.rrd.proto.logmsg.StoreSource proto) {
        return new StoreSource(StoreSource.Kind.fromNumber(proto.getKindValue()),
                proto.getExtra().getPayload().toByteArray());
    }

    static CrateVersion version(dev.reel.rrd.proto.logmsg.StoreInfo info) {
        return info.hasStoreVersion() ? CrateVersion.fromBits(info.getStoreVersion().getCrateVersionBits()) : null;
    }
}
