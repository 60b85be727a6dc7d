package dev.reel.rrd.sdk;

import dev.reel.api.log.ComponentDescriptor;
import java.util.List;

/** A log line ({@code rerun.archetypes.TextLog}) with an optional level such as {@code INFO}. */
public final class TextLog implements Archetype {
    static final ComponentDescriptor TEXT = ComponentDescriptor.of("TextLog", "text", "Text");
    static final ComponentDescriptor LEVEL = ComponentDescriptor.of("TextLog", "level", "TextLogLevel");

    private final List<ComponentBatch> components;

    private TextLog(List<ComponentBatch> components) {
        this.components = components;
    }

    public static TextLog of(String text) {
        return new TextLog(List.of(ComponentBatch.utf8(TEXT, text)));
    }

    /** Rerun's levels are {@code CRITICAL, ERROR, WARN, INFO, DEBUG, TRACE}; any text is accepted. */
    public TextLog withLevel(String level) {
        return new TextLog(List.of(components.get(0), ComponentBatch.utf8(LEVEL, level)));
    }

    @Override
    public List<ComponentBatch> components() {
        return components;
    }
}
