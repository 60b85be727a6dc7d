package dev.reel.api.log;

import static java.util.Objects.requireNonNull;

import dev.reel.api.StoreId;
import dev.reel.api.Tuid;

/** Announces a store; it may repeat, and the latest one wins. */
public record SetStoreInfo(Tuid rowId, StoreInfo info) implements LogMsg {
    public SetStoreInfo {
        requireNonNull(rowId, "rowId is null");
        requireNonNull(info, "info is null");
    }

    @Override
    public StoreId storeId() {
        return info.storeId();
    }

    @Override
    public MessageKind kind() {
        return MessageKind.SET_STORE_INFO;
    }
}
