package dev.reel.transport.http.internal;

import dev.reel.api.platform.ModuleInfo;
import dev.reel.api.platform.Modules;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/extensions}: the bundles dropped into the extensions folder, and installing, updating and removing
 * them ({@code reel ext}). Installing runs code in the server, so changes are taken only from the machine itself
 * (a loopback client), or with a read-write token when the server requires tokens.
 */
final class ExtensionRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionRoutes.class);
    private static final long JAR_LIMIT = 256L << 20;

    private final Modules modules;

    @Inject
    ExtensionRoutes(Modules modules) {
        this.modules = modules;
    }

    void mount(Router router, AccessTokens tokens) {
        router.get("/api/extensions").handler(this::list);
        // the check on a route of its own, so that a refused jar is not read first
        router.put("/api/extensions/:file").handler(context -> mayChange(context, tokens));
        router.put("/api/extensions/:file").handler(BodyHandler.create(false).setBodyLimit(JAR_LIMIT))
                .handler(this::install);
        router.delete("/api/extensions/:name").handler(context -> mayChange(context, tokens)).handler(this::remove);
    }

    private void list(RoutingContext context) {
        JsonArray extensions = new JsonArray();
        modules.list().stream().filter(m -> m.origin() == ModuleInfo.Origin.EXTENSION)
                .forEach(m -> extensions.add(ModuleJson.of(m)));
        context.response().putHeader("content-type", "application/json").end(extensions.encode());
    }

    private static void mayChange(RoutingContext context, AccessTokens tokens) {
        boolean loopback = Optional.ofNullable(context.request().remoteAddress())
                .map(address -> address.hostAddress()).map(ExtensionRoutes::isLoopback).orElse(false);
        if (loopback || tokens.required()) {
            context.next(); // with tokens, the access check has already asked for a read-write one
        } else {
            ApiErrors.send(context, 403, "forbidden", "extensions are installed and removed only from this machine "
                    + "(a loopback client), or with a read-write token on a server that requires tokens");
        }
    }

    private static boolean isLoopback(String host) {
        return host.startsWith("127.") || host.equals("0:0:0:0:0:0:0:1") || host.equals("::1");
    }

    private void install(RoutingContext context) {
        String file = context.pathParam("file");
        byte[] jar = context.body().buffer() == null ? new byte[0] : context.body().buffer().getBytes();
        context.vertx().executeBlocking(() -> modules.install(file, new ByteArrayInputStream(jar)), false)
                .onSuccess(module -> {
                    LOG.info("extension {} {} installed through the API from {}", module.name(), module.version(),
                            context.request().remoteAddress());
                    context.response().setStatusCode(module.healthy() ? 201 : 202)
                            .putHeader("content-type", "application/json").end(ModuleJson.of(module).encode());
                })
                .onFailure(error -> failed(context, error));
    }

    private void remove(RoutingContext context) {
        String name = context.pathParam("name");
        context.vertx().executeBlocking(() -> modules.remove(name), false)
                .onSuccess(removed -> {
                    if (removed.isEmpty()) {
                        ApiErrors.send(context, 404, "no-such-extension", "no extension named " + name);
                    } else {
                        context.response().putHeader("content-type", "application/json")
                                .end(ModuleJson.of(removed.get()).encode());
                    }
                })
                .onFailure(error -> failed(context, error));
    }

    private static void failed(RoutingContext context, Throwable error) {
        if (error instanceof IllegalArgumentException) {
            ApiErrors.send(context, 400, "not-a-bundle", error.getMessage());
        } else if (error instanceof IOException) {
            ApiErrors.send(context, 500, "extensions-folder", error.getMessage());
        } else {
            context.fail(error);
        }
    }
}
