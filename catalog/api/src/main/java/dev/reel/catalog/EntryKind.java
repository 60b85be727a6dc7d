package dev.reel.catalog;

/** The kinds of catalog entry, numbered as Rerun's {@code rerun.cloud.v1alpha1.EntryKind} (A.1). */
public enum EntryKind {
    DATASET(1),
    DATASET_VIEW(2),
    TABLE(3),
    TABLE_VIEW(4),
    BLUEPRINT_DATASET(5),
    ASSET_DATASET(6);

    private final int protoNumber;

    EntryKind(int protoNumber) {
        this.protoNumber = protoNumber;
    }

    public int protoNumber() {
        return protoNumber;
    }

    /** The kind with this number; {@code UNSPECIFIED} (0) and unknown numbers are errors. */
    public static EntryKind fromProtoNumber(int number) {
        for (EntryKind kind : values()) {
            if (kind.protoNumber == number) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown entry kind " + number);
    }

    /** True for the kinds whose entries hold segments. */
    public boolean isDataset() {
        return this == DATASET || this == BLUEPRINT_DATASET || this == ASSET_DATASET;
    }
}
