package dev.reel.api.log;

import static java.util.Objects.requireNonNull;

import dev.reel.api.StoreId;

/** A chunk of data for one store. Owns its chunk: closing the message closes the chunk. */
public record ArrowMsg(StoreId storeId, Chunk chunk) implements LogMsg {
    public ArrowMsg {
        requireNonNull(storeId, "storeId is null");
        requireNonNull(chunk, "chunk is null");
    }

    @Override
    public MessageKind kind() {
        return MessageKind.ARROW_MSG;
    }

    @Override
    public void close() {
        chunk.close();
    }
}
