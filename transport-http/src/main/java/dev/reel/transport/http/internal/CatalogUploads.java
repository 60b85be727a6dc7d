package dev.reel.transport.http.internal;

import dev.reel.catalog.Catalog;
import dev.reel.catalog.Entry;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Recordings and blueprints sent as a request's body: {@code POST /api/datasets/{name}/upload} (an {@code .rrd};
 * {@code ?layer=}, {@code ?on_duplicate=}, {@code ?name=} the file name to keep) and
 * {@code POST /api/datasets/{name}/blueprint} (an {@code .rbl}; {@code ?default=false} keeps the current
 * default). The body streams to a temporary file first, never into memory, then the catalog stores its own copy
 * and registers it, so uploads need no allowed root.
 */
final class CatalogUploads {
    /** The largest body accepted (413 above). */
    static final long UPLOAD_LIMIT = 16L << 30;

    private final CatalogCalls calls;

    @Inject
    CatalogUploads(CatalogCalls calls) {
        this.calls = calls;
    }

    /** What to do with a received body, on a worker. */
    private interface Receiver<T> {
        T receive(Catalog catalog, Entry dataset, InputStream body) throws Exception;
    }

    void recording(RoutingContext context) {
        String name = context.queryParams().get("name") != null ? context.queryParams().get("name") : "upload.rrd";
        String onDuplicate = context.queryParams().get("on_duplicate");
        receive(context, (catalog, dataset, body) -> catalog.registerUpload(dataset.id(), body, name,
                DatasetRoutes.layer(context), DatasetRequests.onDuplicate(onDuplicate == null ? "error" : onDuplicate)),
                rows -> context.response().putHeader("content-type", "application/json")
                        .end(DatasetJson.registrations(rows).encode()));
    }

    void blueprint(RoutingContext context) {
        String name = context.queryParams().get("name") != null ? context.queryParams().get("name") : "upload.rbl";
        boolean makeDefault = !"false".equals(context.queryParams().get("default"));
        receive(context, (catalog, dataset, body) -> catalog.registerBlueprint(dataset.id(), body, name, makeDefault),
                row -> context.response().putHeader("content-type", "application/json")
                        .end(DatasetJson.registration(row).encode()));
    }

    /** Checks the dataset, streams the body to a temporary file, then hands it to {@code receiver}. */
    private <T> void receive(RoutingContext context, Receiver<T> receiver, Consumer<T> answer) {
        HttpServerRequest request = context.request();
        request.pause();
        String length = request.getHeader("content-length");
        if (length != null && !length.matches("\\d{1,18}")) {
            ApiErrors.send(context, 400, "bad-request", "content-length is not a number: " + length);
            return;
        }
        if (length != null && Long.parseLong(length) > UPLOAD_LIMIT) {
            ApiErrors.send(context, 413, "too-large", "an upload takes at most " + UPLOAD_LIMIT + " bytes");
            return;
        }
        calls.call(context, catalog -> DatasetRoutes.dataset(catalog, context), dataset -> {
            FileSystem files = context.vertx().fileSystem();
            files.createTempFile("reel-upload-", ".part").onFailure(e -> CatalogCalls.fail(context, e))
                    .onSuccess(temporary -> files.open(temporary, new OpenOptions().setWrite(true))
                            .compose(request::pipeTo)
                            .onFailure(e -> {
                                files.delete(temporary);
                                CatalogCalls.fail(context, e);
                            })
                            .onSuccess(v -> calls.call(context, catalog -> {
                                Path path = Path.of(temporary);
                                try (InputStream body = Files.newInputStream(path)) {
                                    if (Files.size(path) > UPLOAD_LIMIT) {
                                        throw new IllegalArgumentException("an upload takes at most " + UPLOAD_LIMIT
                                                + " bytes");
                                    }
                                    return receiver.receive(catalog, dataset, body);
                                } finally {
                                    Files.deleteIfExists(path);
                                }
                            }, answer)));
        });
    }
}
