package dev.reel.transport.http.internal;

import dev.reel.api.ApplicationId;
import dev.reel.api.RecordingId;
import dev.reel.api.StoreId;
import dev.reel.api.StoreKind;
import dev.reel.store.StoreHub;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;

/**
 * {@code DELETE /api/recordings/{applicationId}/{recordingId}}: drops the recording from the viewer store (every node's, in a cluster) and
 * deletes its journal, so it does not come back after a restart. 204 when done, 404 when there is no such
 * recording.
 */
final class RecordingDeletion implements Handler<RoutingContext> {
    private final ClusterRecordings recordings;

    @Inject
    RecordingDeletion(ClusterRecordings recordings) {
        this.recordings = recordings;
    }

    @Override
    public void handle(RoutingContext context) {
        String application = context.pathParam("applicationId");
        String recording = context.pathParam("recordingId");
        if (application == null || application.isEmpty() || recording == null || recording.isEmpty()) {
            ApiErrors.send(context, 400, "bad-request", "expected /api/recordings/{applicationId}/{recordingId}");
            return;
        }
        StoreId id = new StoreId(StoreKind.RECORDING, ApplicationId.of(application), RecordingId.of(recording));
        recordings.drop(context.vertx(), id).onComplete(done -> {
            if (done.failed()) {
                ApiErrors.send(context, 500, "internal", "could not delete " + id + ": " + done.cause().getMessage());
            } else if (done.result()) {
                context.response().setStatusCode(204).end();
            } else {
                ApiErrors.send(context, 404, "not-found", "no recording " + application + "/" + recording);
            }
        });
    }
}
