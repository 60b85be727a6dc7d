package dev.reel.rrd;

import dev.reel.api.ApplicationId;
import dev.reel.api.RecordingId;
import dev.reel.api.StoreId;
import dev.reel.api.StoreKind;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.MessageKind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attributes the frames of one source (a file, a connection, a journal) to their stores, as Rerun does: a
 * message that names its application is taken at its word; one that does not (streams written before 0.25
 * name the application only in the store info) gets the application its store info announced earlier in the
 * same source, keyed by recording id and store kind (rerun-rrd-format.md §3.1), and is rewritten to name it, so
 * that the frame reads the same wherever it goes next. A message whose application no store info announced is
 * dropped with a warning, as Rerun drops it. One per source, fed the source's frames in order; not thread-safe.
 */
public final class StoreAttribution {
    private static final Logger LOG = LoggerFactory.getLogger(StoreAttribution.class);

    private record Store(String recordingId, StoreKind kind) {
        // written out: a record's generated equals and hashCode are bootstrapped at their first call (see RecordingId)
        @Override
        public boolean equals(Object other) {
            return other instanceof Store that && kind == that.kind && recordingId.equals(that.recordingId);
        }

        @Override
        public int hashCode() {
            return recordingId.hashCode() * 31 + kind.hashCode();
        }
    }

    private final String source;
    private final Map<Store, String> announced = new HashMap<>();
    private final Set<Store> warned = new HashSet<>();
    private long dropped;

    public StoreAttribution(String source) {
        this.source = source;
    }

    /**
     * The frame as a bus message attributed to its store; empty for a message Rerun drops too (its store names
     * no application and no store info announced one before it).
     *
     * @throws RrdFormatException if the envelope is not valid
     */
    public Optional<LogFrame> attribute(RrdFrame frame) throws RrdFormatException {
        RrdEnvelope envelope = RrdEnvelope.read(frame, source);
        MessageKind kind = envelope.kind();
        Store store = new Store(envelope.recordingId(), envelope.storeKind());
        String application = envelope.applicationId();
        if (kind == MessageKind.SET_STORE_INFO) {
            announced.put(store, application);
        } else if (application == null) {
            application = announced.get(store);
            if (application == null) {
                dropped++;
                if (warned.add(store)) {
                    LOG.warn("{}: dropping the {} at byte {} and any like it: its {} store '{}' names no "
                            + "application and no store info announced one before it", source, kind,
                            frame.offset(), store.kind(), store.recordingId());
                }
                return Optional.empty();
            }
        }
        StoreId id = new StoreId(envelope.storeKind(), ApplicationId.of(application),
                RecordingId.of(envelope.recordingId()));
        byte[] payload = kind == MessageKind.SET_STORE_INFO || envelope.namesApplication() ? frame.payload()
                : RrdEnvelope.rewrite(kind, frame.payload(), id, source, frame.offset());
        return Optional.of(new LogFrame(source, frame.offset(), kind, id, envelope.isStatic(), payload));
    }

    /** Messages dropped so far because no application was known for them. */
    public long dropped() {
        return dropped;
    }

    public String source() {
        return source;
    }
}
