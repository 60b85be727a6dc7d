package dev.reel.store.internal;

import dev.reel.api.StoreId;
import dev.reel.store.StoreListener;

/** A store dropped from the hub (deleted by a user) is deleted from the journal too, so it stays gone. */
final class JournalDeletions implements StoreListener {
    private final Journal journal;

    JournalDeletions(Journal journal) {
        this.journal = journal;
    }

    @Override
    public void dropped(StoreId store) {
        journal.delete(store);
    }
}
