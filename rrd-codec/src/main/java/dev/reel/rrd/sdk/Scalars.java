package dev.reel.rrd.sdk;

import dev.reel.api.log.ComponentDescriptor;
import java.util.List;

/** One or more plot values ({@code rerun.archetypes.Scalars}), shown as time series. */
public final class Scalars implements Archetype {
    static final ComponentDescriptor SCALARS = ComponentDescriptor.of("Scalars", "scalars", "Scalar");

    private final ComponentBatch values;

    private Scalars(ComponentBatch values) {
        this.values = values;
    }

    public static Scalars of(double... values) {
        return new Scalars(ComponentBatch.float64(SCALARS, values));
    }

    @Override
    public List<ComponentBatch> components() {
        return List.of(values);
    }
}
