package dev.reel.rrd.sdk;

import dev.reel.api.EntityPath;
import dev.reel.api.log.ComponentDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A viewer layout to send with {@link RecordingStream#sendBlueprint}: blueprint archetypes logged to blueprint
 * entity paths (such as {@code /viewport}, {@code /time_panel}) at time 0 of the {@code blueprint} timeline,
 * the way Rerun's SDKs write blueprints. Typed helpers cover the panels and the viewport's automatic modes;
 * {@link #with} logs any other blueprint archetype.
 */
public final class Blueprint {
    /** Rerun's {@code rerun.blueprint.components.PanelState}. */
    public enum PanelState {
        HIDDEN(1), COLLAPSED(2), EXPANDED(3);

        private final byte value;

        PanelState(int value) {
            this.value = (byte) value;
        }
    }

    record Entry(EntityPath path, Archetype archetype) {}

    private final List<Entry> entries;

    private Blueprint(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Blueprint empty() {
        return new Blueprint(List.of());
    }

    /** Logs any archetype to a blueprint entity path. */
    public Blueprint with(String entityPath, Archetype archetype) {
        List<Entry> more = new ArrayList<>(entries);
        more.add(new Entry(EntityPath.parse(entityPath), archetype));
        return new Blueprint(more);
    }

    public Blueprint withTimePanel(PanelState state) {
        return with("time_panel", panelState("TimePanelBlueprint", state));
    }

    public Blueprint withSelectionPanel(PanelState state) {
        return with("selection_panel", panelState("PanelBlueprint", state));
    }

    public Blueprint withBlueprintPanel(PanelState state) {
        return with("blueprint_panel", panelState("PanelBlueprint", state));
    }

    /** Whether the viewer lays out views by itself and creates views for new data by itself. */
    public Blueprint withAutomaticViewport(boolean autoLayout, boolean autoViews) {
        List<ComponentBatch> components = List.of(
                ComponentBatch.bool(blueprintComponent("ViewportBlueprint", "auto_layout", "AutoLayout"), autoLayout),
                ComponentBatch.bool(blueprintComponent("ViewportBlueprint", "auto_views", "AutoViews"), autoViews));
        return with("viewport", () -> components);
    }

    private static Archetype panelState(String archetype, PanelState state) {
        ComponentBatch batch = ComponentBatch.uint8(blueprintComponent(archetype, "state", "PanelState"), state.value);
        return () -> List.of(batch);
    }

    private static ComponentDescriptor blueprintComponent(String archetype, String field, String type) {
        return new ComponentDescriptor(archetype + ":" + field,
                Optional.of("rerun.blueprint.archetypes." + archetype),
                Optional.of("rerun.blueprint.components." + type));
    }

    List<Entry> entries() {
        return entries;
    }
}
