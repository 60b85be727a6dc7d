package dev.reel.transport.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.hub.StoreHubs;
import dev.reel.testing.Await;
import dev.reel.testing.LeakCheckingAllocator;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /api/openapi.json} describes what the server does: every REST route of the router (method and path) is
 * in the document and every operation of the document is a route; the document is OpenAPI 3.1.
 */
class TestApiDescription {
    private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @Test
    void theDocumentedOperationsAreExactlyTheRoutes() {
        Vertx vertx = Vertx.vertx();
        try (StoreHub hub = StoreHubs.inMemory(StoreHubConfig.defaults(), arrow.allocator())) {
            HttpTransport transport = HttpTransports.of(hub, List::of, Optional.empty(), arrow.allocator());
            Set<String> routes = new TreeSet<>();
            for (Route route : transport.router(vertx, HttpSettings.defaults()).getRoutes()) {
                if (route.getPath() == null || !route.getPath().startsWith("/api/") || route.methods() == null) {
                    continue; // gRPC (a regular expression), CORS and the token check on every path
                }
                String path = route.getPath().replaceAll(":(\\w+)", "{$1}");
                for (HttpMethod method : route.methods()) {
                    routes.add(method.name() + " " + path);
                }
            }
            Set<String> documented = new TreeSet<>();
            JsonObject paths = ApiDescription.document().getJsonObject("paths");
            for (String path : paths.fieldNames()) {
                for (String field : paths.getJsonObject(path).fieldNames()) {
                    if (OPERATIONS.contains(field)) {
                        documented.add(field.toUpperCase(Locale.ROOT) + " " + path);
                    }
                }
            }
            assertThat(routes).as("routes").hasSizeGreaterThan(20);
            assertThat(documented).as("operations in openapi.json").isEqualTo(routes);
        } finally {
            Await.result(vertx.close());
        }
    }

    @Test
    void theDocumentIsOpenApi31WithAnErrorShape() {
        JsonObject document = ApiDescription.document();
        assertThat(document.getString("openapi")).isEqualTo("3.1.0");
        assertThat(document.getJsonObject("components").getJsonObject("schemas").getJsonObject("Error")
                .getJsonArray("required")).containsExactly("code", "message");
    }
}
