package dev.reel.catalog;

import static java.util.Objects.requireNonNull;

import dev.reel.api.LayerName;
import dev.reel.api.SegmentId;
import java.util.Optional;

/**
 * What registering one source did for one segment (A.7): a file with several recordings gives one row per
 * recording; a source that failed gives one row with its error and no segment.
 *
 * @param storageUrl the registered file, as a {@code file://} URL
 * @param segment the segment it became (the recording id), empty when it failed
 * @param layer the layer
 * @param taskId Rerun's task id: {@link #TASK_DONE} for a registration done, a unique id for a failure
 * @param status what happened
 * @param error why it failed, empty otherwise
 */
public record Registration(String storageUrl, Optional<SegmentId> segment, LayerName layer, String taskId,
        Status status, Optional<String> error) {
    /** The task id Rerun's server answers for a registration completed at once. */
    public static final String TASK_DONE = "task_00000000DEADBEEF";

    /** The outcome of one row. */
    public enum Status {
        REGISTERED,
        /** The (segment, layer) existed and the policy was {@link OnDuplicate#SKIP}. */
        SKIPPED,
        /** The (segment, layer) existed and was replaced ({@link OnDuplicate#REPLACE}). */
        REPLACED,
        FAILED
    }

    public Registration {
        requireNonNull(storageUrl, "storageUrl is null");
        requireNonNull(segment, "segment is null");
        requireNonNull(layer, "layer is null");
        requireNonNull(taskId, "taskId is null");
        requireNonNull(status, "status is null");
        requireNonNull(error, "error is null");
    }

    public boolean failed() {
        return status == Status.FAILED;
    }
}
