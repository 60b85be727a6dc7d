package dev.reel.rrd.sdk;

import dev.reel.api.log.ComponentDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Components of any name holding lists of primitives, like Rerun's {@code AnyValues} (no archetype; the
 * component is named by its field) or, with {@link #archetype(String)}, a dynamic archetype whose components
 * are named {@code Archetype:field}.
 */
public final class AnyValues implements Archetype {
    private final Optional<String> archetype;
    private final List<ComponentBatch> components;

    private AnyValues(Optional<String> archetype, List<ComponentBatch> components) {
        this.archetype = archetype;
        this.components = List.copyOf(components);
    }

    public static AnyValues of() {
        return new AnyValues(Optional.empty(), List.of());
    }

    /** Values grouped under a named archetype, e.g. {@code archetype("Gripper")} gives {@code Gripper:force}. */
    public static AnyValues archetype(String name) {
        return new AnyValues(Optional.of(name), List.of());
    }

    private ComponentDescriptor descriptor(String field) {
        return archetype.map(a -> new ComponentDescriptor(a + ":" + field, Optional.of(a), Optional.empty()))
                .orElseGet(() -> ComponentDescriptor.of(field));
    }

    public AnyValues with(String field, double... values) {
        return with(ComponentBatch.float64(descriptor(field), values));
    }

    public AnyValues with(String field, long... values) {
        return with(ComponentBatch.int64(descriptor(field), values));
    }

    public AnyValues with(String field, boolean... values) {
        return with(ComponentBatch.bool(descriptor(field), values));
    }

    public AnyValues with(String field, String... values) {
        return with(ComponentBatch.utf8(descriptor(field), values));
    }

    private AnyValues with(ComponentBatch batch) {
        List<ComponentBatch> more = new ArrayList<>(components);
        more.add(batch);
        return new AnyValues(archetype, more);
    }

    @Override
    public List<ComponentBatch> components() {
        return components;
    }
}
