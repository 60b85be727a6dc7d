package dev.reel.store;

import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.RecordingEncoder;
import java.io.IOException;
import java.util.Iterator;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Stores of a hub frozen for writing out, in Rerun's order: the store infos, then each blueprint's chunks
 * followed by its activation command, then the recordings' static chunks, then their temporal chunks (each store
 * by smallest row id). This is the one way pooled data leaves the hub as a stream: {@code .rrd} downloads, the
 * history of a live subscriber, {@code rrd merge}. The chunks are the store's own, shared without copying and
 * kept alive by the snapshot, so the hub may go on compacting and collecting meanwhile; close the snapshot to
 * let them go. Not thread-safe: one reader at a time.
 */
@ProviderType
public interface StoreSnapshot extends AutoCloseable {
    /**
     * The hub's {@linkplain StoreHub#sequence() sequence} when the snapshot was taken: it holds every message
     * accepted up to it and none after, so a live follower continues with the messages numbered above it.
     */
    long sequence();

    /**
     * The messages, once. A message is lent: valid until the next call to {@code next()} or {@link #close()},
     * and never closed by the caller.
     */
    Iterator<LogMsg> messages();

    /** Writes every message to {@code encoder} (it is not closed). */
    default void writeTo(RecordingEncoder encoder) throws IOException {
        Iterator<LogMsg> messages = messages();
        while (messages.hasNext()) {
            encoder.write(messages.next());
        }
    }

    /** Releases the chunks not yet read. */
    @Override
    void close();
}
