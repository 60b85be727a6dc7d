package dev.reel.api.log;

import static java.util.Objects.requireNonNull;

import dev.reel.api.StoreId;

/**
 * Sent after a blueprint's data so a viewer never shows a half-loaded blueprint: makes the blueprint the
 * default and/or the active one of its application.
 */
public record BlueprintActivationCommand(StoreId blueprintId, boolean makeActive, boolean makeDefault)
        implements LogMsg {
    public BlueprintActivationCommand {
        requireNonNull(blueprintId, "blueprintId is null");
    }

    @Override
    public StoreId storeId() {
        return blueprintId;
    }

    @Override
    public MessageKind kind() {
        return MessageKind.BLUEPRINT_ACTIVATION_COMMAND;
    }
}
