package dev.reel.api.log;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.Optional;

/**
 * Names a component column of a chunk.
 *
 * @param component the identifier, for example {@code Points3D:positions}
 * @param archetype the full archetype name, for example {@code rerun.archetypes.Points3D}, when known
 * @param componentType the full component type, for example {@code rerun.components.Position3D}, when known
 */
public record ComponentDescriptor(String component, Optional<String> archetype, Optional<String> componentType)
        implements Comparable<ComponentDescriptor> {
    private static final Comparator<Optional<String>> OPTIONAL_ORDER =
            Comparator.comparing(o -> o.orElse(""));
    private static final Comparator<ComponentDescriptor> ORDER = Comparator
            .comparing(ComponentDescriptor::archetype, OPTIONAL_ORDER)
            .thenComparing(ComponentDescriptor::component)
            .thenComparing(ComponentDescriptor::componentType, OPTIONAL_ORDER);

    public ComponentDescriptor {
        requireNonNull(component, "component is null");
        requireNonNull(archetype, "archetype is null");
        requireNonNull(componentType, "componentType is null");
        if (component.isEmpty()) {
            throw new IllegalArgumentException("component identifier must not be empty");
        }
    }

    public static ComponentDescriptor of(String component) {
        return new ComponentDescriptor(component, Optional.empty(), Optional.empty());
    }

    /** A descriptor of a built-in archetype field, e.g. {@code of("Points3D", "positions", "Position3D")}. */
    public static ComponentDescriptor of(String archetype, String field, String componentType) {
        return new ComponentDescriptor(archetype + ":" + field, Optional.of("rerun.archetypes." + archetype),
                Optional.of("rerun.components." + componentType));
    }

    /** The short archetype name ({@code Points3D}), if the descriptor names one. */
    public Optional<String> archetypeShortName() {
        return archetype.map(a -> a.substring(a.lastIndexOf('.') + 1));
    }

    @Override
    public int compareTo(ComponentDescriptor other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return component;
    }
}
