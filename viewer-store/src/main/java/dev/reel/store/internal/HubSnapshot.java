package dev.reel.store.internal;

import dev.reel.api.StoreId;
import dev.reel.api.Tuid;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.store.ExportRequest;
import dev.reel.store.StoreSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A {@link StoreSnapshot} of a hub: the messages are laid out in Rerun's order when the snapshot is taken (under
 * the hub's ingest order, so that it holds exactly the messages up to its sequence), their chunks shared with
 * the stores without copying (each buffer's reference count keeps it alive), and handed out one by one; each is
 * released when the reader moves past it.
 */
final class HubSnapshot implements StoreSnapshot {
    private final long sequence;
    private final List<LogMsg> messages;
    private int next;
    private boolean iterated;

    private HubSnapshot(long sequence, List<LogMsg> messages) {
        this.sequence = sequence;
        this.messages = messages;
    }

    /**
     * Lays out the stores {@code request} selects: store infos; each blueprint's chunks and its activation;
     * the recordings' static chunks; then their temporal chunks. Callers hold the hub's ingest order.
     */
    static HubSnapshot take(long sequence, List<PooledStore> stores, ExportRequest request, Blueprints blueprints,
            BufferAllocator allocator) {
        List<PooledStore> selected = stores.stream().filter(s -> !s.isClone() && request.includes(s.id()))
                .sorted(Comparator.comparing((PooledStore s) -> !s.id().isBlueprint()).thenComparing(PooledStore::id))
                .toList();
        List<LogMsg> messages = new ArrayList<>();
        try {
            for (PooledStore store : selected) {
                if (store.info != null) {
                    messages.add(new SetStoreInfo(Tuid.next(), store.info));
                }
            }
            for (PooledStore store : selected) {
                if (store.id().isBlueprint()) {
                    add(messages, store, chunk -> true, allocator);
                    activation(store.id(), request, blueprints).ifPresent(messages::add);
                }
            }
            for (boolean statics : new boolean[] {true, false}) {
                for (PooledStore store : selected) {
                    if (!store.id().isBlueprint()) {
                        add(messages, store, chunk -> chunk.isStatic() == statics, allocator);
                    }
                }
            }
        } catch (RuntimeException e) {
            messages.forEach(LogMsg::close);
            throw e;
        }
        return new HubSnapshot(sequence, messages);
    }

    private static void add(List<LogMsg> messages, PooledStore store, java.util.function.Predicate<Chunk> which,
            BufferAllocator allocator) {
        StoreId id = store.id();
        store.chunks.forEachChunk(chunk -> {
            if (which.test(chunk)) {
                messages.add(new ArrowMsg(id, ChunkOps.slice(chunk, 0, chunk.numRows(), allocator)));
            }
        });
    }

    private static java.util.Optional<BlueprintActivationCommand> activation(StoreId blueprint,
            ExportRequest request, Blueprints blueprints) {
        return request.activations() == ExportRequest.Activations.EVERY_BLUEPRINT
                ? java.util.Optional.of(new BlueprintActivationCommand(blueprint, true, true))
                : blueprints.activationOf(blueprint);
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public Iterator<LogMsg> messages() {
        if (iterated) {
            throw new IllegalStateException("a snapshot's messages are read once");
        }
        iterated = true;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return next < messages.size();
            }

            @Override
            public LogMsg next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                releaseBefore(next);
                return messages.get(next++);
            }
        };
    }

    /** Releases the message lent before {@code index}: the reader has moved on. */
    private void releaseBefore(int index) {
        if (index > 0) {
            messages.get(index - 1).close();
            messages.set(index - 1, null);
        }
    }

    @Override
    public void close() {
        for (int i = Math.max(0, next - 1); i < messages.size(); i++) {
            LogMsg message = messages.get(i);
            if (message != null) {
                message.close();
                messages.set(i, null);
            }
        }
        next = messages.size();
    }
}
