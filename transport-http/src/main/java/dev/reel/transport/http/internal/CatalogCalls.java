package dev.reel.transport.http.internal;

import dev.reel.catalog.Catalog;
import dev.reel.catalog.CatalogException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs catalog work off the event loop (the catalog reads files and its database) and turns its failures into
 * the API's error shape: a {@link CatalogException} by its kind, bad arguments as 400, the rest as 500.
 */
final class CatalogCalls {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogCalls.class);

    private final Optional<Catalog> catalog;

    /** @param catalog empty when no catalog bundle runs: every catalog route then answers 503 */
    CatalogCalls(Optional<Catalog> catalog) {
        this.catalog = catalog;
    }

    /** The catalog, if one runs. */
    Optional<Catalog> catalog() {
        return catalog;
    }

    /** Work that needs the catalog and answers with what it returns. */
    interface Work<T> {
        T run(Catalog catalog) throws Exception;
    }

    /** Runs {@code work} on a worker thread and hands its result to {@code answer} on the request's context. */
    <T> void call(RoutingContext context, Work<T> work, Consumer<T> answer) {
        if (catalog.isEmpty()) {
            ApiErrors.send(context, 503, "unavailable", "the catalog is not running on this server");
            return;
        }
        Catalog running = catalog.get();
        Callable<T> task = () -> work.run(running);
        context.vertx().executeBlocking(task, false).onComplete(done -> {
            if (done.succeeded()) {
                answer.accept(done.result());
            } else {
                fail(context, done.cause());
            }
        });
    }

    /** A failure as the API shows it. */
    record Failure(int status, String code, String message) {
        JsonObject toJson() {
            return new JsonObject().put("code", code).put("message", message);
        }
    }

    /** A catalog failure by its kind, a bad argument as 400, anything else as 500 (and logged). */
    static Failure describe(RoutingContext context, Throwable failure) {
        if (failure instanceof CatalogException known) {
            return new Failure(known.kind().httpStatus(), known.code(), known.getMessage());
        }
        if (failure instanceof IllegalArgumentException bad) {
            return new Failure(400, "bad-request", bad.getMessage());
        }
        LOG.error("{} {} failed", context.request().method(), context.request().path(), failure);
        return new Failure(500, "internal", failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    /** Answers a failure in the API's shape, or drops the connection when the answer is already under way. */
    static void fail(RoutingContext context, Throwable failure) {
        if (context.response().headWritten()) {
            LOG.warn("{} {} failed after its answer began: {}", context.request().method(), context.request().path(),
                    failure.toString());
            context.request().connection().close();
            return;
        }
        Failure described = describe(context, failure);
        ApiErrors.send(context, described.status(), described.code(), described.message());
    }
}
