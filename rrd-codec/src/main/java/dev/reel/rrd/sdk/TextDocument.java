package dev.reel.rrd.sdk;

import dev.reel.api.log.ComponentDescriptor;
import java.util.List;

/** A text document ({@code rerun.archetypes.TextDocument}), plain or with a media type like {@code text/markdown}. */
public final class TextDocument implements Archetype {
    static final ComponentDescriptor TEXT = ComponentDescriptor.of("TextDocument", "text", "Text");
    static final ComponentDescriptor MEDIA_TYPE = ComponentDescriptor.of("TextDocument", "media_type", "MediaType");

    private final List<ComponentBatch> components;

    private TextDocument(List<ComponentBatch> components) {
        this.components = components;
    }

    public static TextDocument of(String text) {
        return new TextDocument(List.of(ComponentBatch.utf8(TEXT, text)));
    }

    public static TextDocument markdown(String text) {
        return new TextDocument(List.of(ComponentBatch.utf8(TEXT, text),
                ComponentBatch.utf8(MEDIA_TYPE, "text/markdown")));
    }

    @Override
    public List<ComponentBatch> components() {
        return components;
    }
}
