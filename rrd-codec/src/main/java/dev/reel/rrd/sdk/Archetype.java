package dev.reel.rrd.sdk;

import java.util.List;

/** A bundle of components logged together to one entity, such as {@link Points3D}. */
public interface Archetype {
    /** The components to log; all share one row. */
    List<ComponentBatch> components();
}
