package dev.reel.transport.http.internal;

import com.google.protobuf.Timestamp;
import dev.reel.api.EntryId;
import dev.reel.api.Tuid;
import dev.reel.catalog.Entry;
import dev.reel.catalog.EntryKind;
import dev.reel.rrd.proto.cloud.DatasetDetails;
import dev.reel.rrd.proto.cloud.DatasetEntry;
import dev.reel.rrd.proto.cloud.EntryDetails;
import dev.reel.rrd.proto.common.DatasetHandle;
import dev.reel.rrd.proto.common.SegmentId;
import dev.reel.rrd.proto.common.StoreKind;
import java.time.Instant;
import java.util.Optional;

/**
 * Catalog entries as the Data Platform API describes them. Rerun's 0.33 viewer rejects a whole entry list over one
 * entry it cannot read (rerun-viewer-redap-calls.md §2.1, §3), so every field it requires is always set: both halves
 * of an id even when zero, both timestamps, a known kind, a {@code dataset_url}.
 */
final class RedapIds {
    private RedapIds() {}

    static dev.reel.rrd.proto.common.EntryId entryId(EntryId id) {
        return dev.reel.rrd.proto.common.EntryId.newBuilder().setId(tuid(id.tuid())).build();
    }

    static dev.reel.rrd.proto.common.Tuid tuid(Tuid tuid) {
        return dev.reel.rrd.proto.common.Tuid.newBuilder().setTimeNs(tuid.timeNs()).setInc(tuid.inc()).build();
    }

    /** An entry id of a request; one without both halves is not an id. */
    static EntryId entryId(dev.reel.rrd.proto.common.EntryId id) {
        if (!id.hasId() || !id.getId().hasTimeNs() || !id.getId().hasInc()) {
            throw GrpcAnswers.invalidArgument("an entry id needs both time_ns and inc");
        }
        return new EntryId(new Tuid(id.getId().getTimeNs(), id.getId().getInc()));
    }

    static EntryDetails details(Entry entry) {
        return EntryDetails.newBuilder()
                .setId(entryId(entry.id()))
                .setName(entry.name().value())
                .setEntryKindValue(entry.kind() == EntryKind.ASSET_DATASET ? EntryKind.DATASET.protoNumber()
                        : entry.kind().protoNumber()) // 0.33 knows kinds 0-5 only
                .setCreatedAt(timestamp(entry.createdAt()))
                .setUpdatedAt(timestamp(entry.updatedAt()))
                .build();
    }

    /**
     * A dataset with its handle and, when it has them, its blueprint dataset and default blueprint (the viewer
     * fetches the blueprint only when both are set).
     */
    static DatasetEntry datasetEntry(Entry dataset, Optional<Entry> blueprints) {
        DatasetDetails.Builder details = DatasetDetails.newBuilder();
        blueprints.ifPresent(b -> details.setBlueprintDataset(entryId(b.id())));
        dataset.defaultBlueprint().ifPresent(segment -> details.setDefaultBlueprintSegment(
                SegmentId.newBuilder().setId(segment)));
        return DatasetEntry.newBuilder()
                .setDetails(details(dataset))
                .setDatasetDetails(details)
                .setDatasetHandle(DatasetHandle.newBuilder()
                        .setEntryId(entryId(dataset.id()))
                        .setStoreKind(dataset.kind() == EntryKind.BLUEPRINT_DATASET ? StoreKind.STORE_KIND_BLUEPRINT
                                : StoreKind.STORE_KIND_RECORDING)
                        // required and parsed as a URL by Rerun's client; Rerun's own server sends memory:///<id>
                        .setDatasetUrl("reel:///datasets/" + dataset.id()))
                .build();
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
