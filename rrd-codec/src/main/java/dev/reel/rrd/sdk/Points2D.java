package dev.reel.rrd.sdk;

import dev.reel.api.log.ComponentDescriptor;
import java.util.ArrayList;
import java.util.List;

/** 2D points ({@code rerun.archetypes.Points2D}): positions with optional colors and radii. */
public final class Points2D implements Archetype {
    static final ComponentDescriptor POSITIONS = ComponentDescriptor.of("Points2D", "positions", "Position2D");
    static final ComponentDescriptor COLORS = ComponentDescriptor.of("Points2D", "colors", "Color");
    static final ComponentDescriptor RADII = ComponentDescriptor.of("Points2D", "radii", "Radius");

    private final List<ComponentBatch> components;

    private Points2D(List<ComponentBatch> components) {
        this.components = List.copyOf(components);
    }

    /** Positions as {@code x0, y0, x1, y1, ...}. */
    public static Points2D of(float... xy) {
        return new Points2D(List.of(ComponentBatch.float32(POSITIONS, xy, 2)));
    }

    public Points2D withColors(int... rgba) {
        return with(ComponentBatch.uint32(COLORS, rgba));
    }

    public Points2D withRadii(float... radii) {
        return with(ComponentBatch.float32(RADII, radii, 1));
    }

    private Points2D with(ComponentBatch batch) {
        List<ComponentBatch> more = new ArrayList<>(components);
        more.add(batch);
        return new Points2D(more);
    }

    @Override
    public List<ComponentBatch> components() {
        return components;
    }
}
