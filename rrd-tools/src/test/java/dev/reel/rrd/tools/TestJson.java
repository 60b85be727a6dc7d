package dev.reel.rrd.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verbs' JSON: insertion order kept, numbers as Java prints them, Jackson's pretty printer. */
class TestJson {
    @Test
    void writesMapsListsAndScalarsInOrder() {
        Map<String, Object> json = Json.object();
        json.put("num_chunks", 16);
        json.put("bytes", 23332L);
        json.put("avg", 3.75);
        json.put("none", null);
        json.put("static", true);
        json.put("paths", new ArrayList<>(Arrays.asList("/obj1", "/\"quoted\"")));
        json.put("nested", Json.object());

        assertThat(Json.encode(json)).isEqualTo("{\"num_chunks\":16,\"bytes\":23332,\"avg\":3.75,\"none\":null,"
                + "\"static\":true,\"paths\":[\"/obj1\",\"/\\\"quoted\\\"\"],\"nested\":{}}");
    }

    @Test
    void prettyPrintsAsVertxDidForStats() {
        Map<String, Object> inner = Json.object();
        inner.put("compressed", 1L);
        Map<String, Object> json = Json.object();
        json.put("kind", "recording");
        json.put("bytes", inner);
        json.put("entity_paths", new ArrayList<>(Arrays.asList("/a", "/b")));

        assertThat(Json.encodePrettily(json)).isEqualTo("{\n  \"kind\" : \"recording\",\n  \"bytes\" : {\n"
                + "    \"compressed\" : 1\n  },\n  \"entity_paths\" : [ \"/a\", \"/b\" ]\n}");
    }
}
