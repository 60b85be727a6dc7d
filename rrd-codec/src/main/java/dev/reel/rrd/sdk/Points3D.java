package dev.reel.rrd.sdk;

import dev.reel.api.log.ComponentDescriptor;
import java.util.ArrayList;
import java.util.List;

/** 3D points ({@code rerun.archetypes.Points3D}): positions with optional colors, radii and labels. */
public final class Points3D implements Archetype {
    static final ComponentDescriptor POSITIONS = ComponentDescriptor.of("Points3D", "positions", "Position3D");
    static final ComponentDescriptor COLORS = ComponentDescriptor.of("Points3D", "colors", "Color");
    static final ComponentDescriptor RADII = ComponentDescriptor.of("Points3D", "radii", "Radius");
    static final ComponentDescriptor LABELS = ComponentDescriptor.of("Points3D", "labels", "Text");

    private final List<ComponentBatch> components;

    private Points3D(List<ComponentBatch> components) {
        this.components = List.copyOf(components);
    }

    /** Positions as {@code x0, y0, z0, x1, y1, z1, ...}. */
    public static Points3D of(float... xyz) {
        return new Points3D(List.of(ComponentBatch.float32(POSITIONS, xyz, 3)));
    }

    /** Colors as {@code 0xRRGGBBAA}, one per point or one for all. */
    public Points3D withColors(int... rgba) {
        return with(ComponentBatch.uint32(COLORS, rgba));
    }

    public Points3D withRadii(float... radii) {
        return with(ComponentBatch.float32(RADII, radii, 1));
    }

    public Points3D withLabels(String... labels) {
        return with(ComponentBatch.utf8(LABELS, labels));
    }

    private Points3D with(ComponentBatch batch) {
        List<ComponentBatch> more = new ArrayList<>(components);
        more.add(batch);
        return new Points3D(more);
    }

    @Override
    public List<ComponentBatch> components() {
        return components;
    }
}
