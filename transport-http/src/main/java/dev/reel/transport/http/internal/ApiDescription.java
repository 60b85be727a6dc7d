package dev.reel.transport.http.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3.1 description of the REST API, a resource of this bundle kept
 * true by {@code TestApiDescription}, which compares its paths and methods with the router's routes.
 */
final class ApiDescription {
    static final String RESOURCE = "/dev/reel/transport/http/openapi.json";
    private static final Buffer DOCUMENT = load();

    private ApiDescription() {}

    static void send(RoutingContext context) {
        context.response().putHeader("content-type", "application/json").end(DOCUMENT);
    }

    static JsonObject document() {
        return new JsonObject(DOCUMENT);
    }

    private static Buffer load() {
        try (InputStream in = ApiDescription.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundle lacks " + RESOURCE);
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
