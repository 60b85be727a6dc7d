package dev.reel.transport.http.internal;

import dev.reel.api.platform.ModuleInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** A bundle as {@code /api/health} and {@code /api/extensions} show it. */
final class ModuleJson {
    private ModuleJson() {}

    static JsonObject of(ModuleInfo module) {
        JsonObject json = new JsonObject()
                .put("id", module.id())
                .put("name", module.name())
                .put("version", module.version())
                .put("origin", module.origin().name().toLowerCase(Locale.ROOT))
                .put("state", module.state());
        module.file().ifPresent(file -> json.put("file", file));
        if (!module.problems().isEmpty()) {
            json.put("problems", new JsonArray(module.problems()));
        }
        return json;
    }
}
