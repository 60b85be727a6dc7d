package dev.reel.api;

/** What a store holds: recording data or blueprint (viewer layout) data. Both have the same structure. */
public enum StoreKind {
    RECORDING(1),
    BLUEPRINT(2);

    private final int protoNumber;

    StoreKind(int protoNumber) {
        this.protoNumber = protoNumber;
    }

    /** The value of Rerun's {@code rerun.common.v1alpha1.StoreKind}. */
    public int protoNumber() {
        return protoNumber;
    }

    /** Decodes Rerun's enum value; {@code UNSPECIFIED (0)} means recording, as in Rerun. */
    public static StoreKind fromProtoNumber(int number) {
        return switch (number) {
            case 0, 1 -> RECORDING;
            case 2 -> BLUEPRINT;
            default -> throw new IllegalArgumentException("unknown store kind " + number);
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
