package dev.reel.transport.http.internal;

import dev.reel.catalog.Registration;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * A registration answered as newline-delimited JSON while it runs: {@code {"progress": row}} per file indexed,
 * then {@code {"rows": [...]}} with the final rows, or {@code {"error": {"code", "message"}}} when the request
 * failed as a whole (a duplicate under {@code on_duplicate: error}, a refused path), since the status line has
 * gone out by then.
 */
final class RegistrationProgress {
    private final RoutingContext context;
    private final HttpServerResponse response;
    private JsonObject error;

    RegistrationProgress(RoutingContext context) {
        this.context = context;
        this.response = context.response();
    }

    /** Called on the worker once the request is known to be valid. */
    void start() {
        response.setChunked(true).putHeader("content-type", DatasetRoutes.NDJSON);
    }

    void row(Registration row) {
        response.write(new JsonObject().put("progress", DatasetJson.registration(row)).encode() + "\n");
    }

    /** The registration failed as a whole: the answer says so in its last line. */
    void fail(Throwable failure) {
        error = CatalogCalls.describe(context, failure).toJson();
    }

    void finish(List<Registration> rows) {
        JsonObject last = error != null ? new JsonObject().put("error", error)
                : new JsonObject().put("rows", DatasetJson.registrations(rows));
        response.end(last.encode() + "\n");
    }
}
