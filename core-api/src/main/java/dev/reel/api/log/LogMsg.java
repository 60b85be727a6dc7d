package dev.reel.api.log;

import dev.reel.api.StoreId;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One message of a recording stream. An {@link ArrowMsg} owns Arrow memory; whoever holds one closes it.
 */
@ProviderType
public sealed interface LogMsg extends AutoCloseable permits SetStoreInfo, ArrowMsg, BlueprintActivationCommand {
    /** The store the message belongs to (for an activation command, the blueprint it activates). */
    StoreId storeId();

    MessageKind kind();

    /** Releases Arrow memory held by the message; a no-op for messages that hold none. */
    @Override
    default void close() {}
}
