package dev.reel.store.internal;

import dev.reel.api.StoreId;
import dev.reel.api.bus.ReelAddresses;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreListener;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells other bundles on {@link ReelAddresses#RECORDING_EVENTS} when recordings open, grow and are dropped.
 * Growth is reported at most once per period per store, with the store's counts, so a busy recording does not
 * flood the bus.
 */
final class RecordingEvents implements StoreListener {
    static final long GROWTH_PERIOD_MS = 500;

    private final Vertx vertx;
    private final StoreHub hub;
    private final Set<StoreId> grown = ConcurrentHashMap.newKeySet();
    private long timer = -1;

    RecordingEvents(Vertx vertx, StoreHub hub) {
        this.vertx = vertx;
        this.hub = hub;
    }

    void start() {
        hub.addListener(this);
        timer = vertx.setPeriodic(GROWTH_PERIOD_MS, id -> publishGrowth());
    }

    void stop() {
        hub.removeListener(this);
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    @Override
    public void opened(StoreId store) {
        publish("opened", store);
    }

    @Override
    public void grew(StoreId store) {
        grown.add(store);
    }

    @Override
    public void dropped(StoreId store) {
        grown.remove(store);
        publish("dropped", store);
    }

    private void publishGrowth() {
        for (StoreId store : Set.copyOf(grown)) {
            grown.remove(store);
            hub.summary(store).ifPresent(summary -> vertx.eventBus().publish(ReelAddresses.RECORDING_EVENTS,
                    event("grew", store).put("chunks", summary.stats().chunks()).put("rows", summary.stats().rows())
                            .put("bytes", summary.stats().bytes())));
        }
    }

    private void publish(String event, StoreId store) {
        vertx.eventBus().publish(ReelAddresses.RECORDING_EVENTS, event(event, store));
    }

    static JsonObject event(String event, StoreId store) {
        return new JsonObject().put("event", event).put("kind", store.kind().toString())
                .put("application_id", store.applicationId().value())
                .put("recording_id", store.recordingId().value());
    }
}
