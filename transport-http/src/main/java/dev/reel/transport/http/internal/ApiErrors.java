package dev.reel.transport.http.internal;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Error answers in the API's one shape: {@code {"code": "...", "message": "..."}}. */
final class ApiErrors {
    private ApiErrors() {}

    static void send(RoutingContext context, int status, String code, String message) {
        context.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(new JsonObject().put("code", code).put("message", message).encode());
    }

    static void notFound(RoutingContext context) {
        send(context, 404, "not-found",
                "no resource at " + context.request().method() + " " + context.request().path());
    }

    static void methodNotAllowed(RoutingContext context) {
        send(context, 405, "method-not-allowed",
                context.request().method() + " is not supported on " + context.request().path());
    }
}
