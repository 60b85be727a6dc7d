package dev.reel.api;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;

/**
 * The identity of a store: all data with the same store id, whatever its source, is one logical store.
 *
 * @param kind recording or blueprint
 * @param applicationId the application
 * @param recordingId the recording within the application
 */
public record StoreId(StoreKind kind, ApplicationId applicationId, RecordingId recordingId)
        implements Comparable<StoreId> {
    private static final Comparator<StoreId> ORDER = Comparator.comparing(StoreId::kind)
            .thenComparing(StoreId::applicationId)
            .thenComparing(StoreId::recordingId);

    public StoreId {
        requireNonNull(kind, "kind is null");
        requireNonNull(applicationId, "applicationId is null");
        requireNonNull(recordingId, "recordingId is null");
    }

    public static StoreId recording(String applicationId, String recordingId) {
        return new StoreId(StoreKind.RECORDING, ApplicationId.of(applicationId), RecordingId.of(recordingId));
    }

    public static StoreId blueprint(String applicationId, String recordingId) {
        return new StoreId(StoreKind.BLUEPRINT, ApplicationId.of(applicationId), RecordingId.of(recordingId));
    }

    public boolean isBlueprint() {
        return kind == StoreKind.BLUEPRINT;
    }

    @Override
    public int compareTo(StoreId other) {
        return ORDER.compare(this, other);
    }

    // written out: see RecordingId
    @Override
    public boolean equals(Object other) {
        return other instanceof StoreId that && kind == that.kind && applicationId.equals(that.applicationId)
                && recordingId.equals(that.recordingId);
    }

    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + applicationId.hashCode()) * 31 + recordingId.hashCode();
    }

    /** For example {@code recording:my_app/0f3a...}. */
    @Override
    public String toString() {
        return kind + ":" + applicationId + "/" + recordingId;
    }
}
