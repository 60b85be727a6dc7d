package dev.reel.store;

import dev.reel.api.StoreId;
import org.osgi.annotation.versioning.ConsumerType;

/** Hears about stores coming and going; called on the thread that changed the hub, so keep it short. */
@ConsumerType
public interface StoreListener {
    /** A store received its first message. */
    default void opened(StoreId store) {}

    /** A store received data. */
    default void grew(StoreId store) {}

    /** A store was dropped (explicitly, or a replaced blueprint clone). */
    default void dropped(StoreId store) {}
}
