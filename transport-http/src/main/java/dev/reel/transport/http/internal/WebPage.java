package dev.reel.transport.http.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The web page on {@code GET /}: live recordings grouped by application with their blueprints, and the catalog,
 * each openable in the real Rerun web viewer. The page's own files are resources of this bundle; the viewer
 * ({@code @rerun-io/web-viewer}, bundled into the distribution at build time, never fetched from a CDN) is served
 * from the folder the {@code web-viewer-dir} setting names. The page reads the REST API like any client.
 */
final class WebPage {
    private static final String RESOURCES = "/dev/reel/transport/http/ui/";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");
    private static final Map<String, Buffer> CONTENT = load();

    private final Optional<Path> webViewer;

    /** @param webViewer the folder of the bundled web viewer (index.js, re_viewer.js, re_viewer_bg.wasm) */
    WebPage(Optional<Path> webViewer) {
        this.webViewer = webViewer.filter(dir -> Files.isRegularFile(dir.resolve("index.js")));
    }

    void mount(Router router) {
        router.get("/").handler(context -> send(context, "index.html"));
        if (webViewer.isPresent()) {
            // the viewer's files (a 47 MB wasm among them) as the browser caches them
            router.get("/ui/web-viewer/*").handler(StaticHandler.create(FileSystemAccess.ROOT,
                    webViewer.get().toAbsolutePath().toString()).setCachingEnabled(true).setMaxAgeSeconds(3600));
        } else {
            router.get("/ui/web-viewer/*").handler(context -> ApiErrors.send(context, 404, "not-found",
                    "the Rerun web viewer is not bundled with this server (the distribution's ui/web-viewer)"));
        }
        router.get("/ui/:file").handler(context -> send(context, context.pathParam("file")));
    }

    private static void send(RoutingContext context, String file) {
        Buffer content = CONTENT.get(file);
        if (content == null) {
            ApiErrors.notFound(context);
            return;
        }
        context.response().putHeader("content-type", FILES.get(file)).putHeader("cache-control", "no-cache")
                .end(content);
    }

    private static Map<String, Buffer> load() {
        Map<String, Buffer> content = new java.util.HashMap<>();
        for (String file : FILES.keySet()) {
            try (InputStream in = WebPage.class.getResourceAsStream(RESOURCES + file)) {
                if (in == null) {
                    throw new IllegalStateException("the bundle lacks " + RESOURCES + file);
                }
                content.put(file, Buffer.buffer(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.copyOf(content);
    }
}
