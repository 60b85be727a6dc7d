package dev.reel.store.internal;

import dev.reel.api.StoreKind;
import dev.reel.store.StoreHub;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The viewer store's meters: what each transport brought in (messages, payload bytes, refusals), the recordings
 * and blueprints held, and memory against the limit. Removed from the registry on {@link #close}, so a bundle
 * restart leaves no meter behind.
 */
final class StoreMetrics implements AutoCloseable {
    /** Per transport: messages stored, their bytes, messages refused. */
    private record Counters(Counter messages, Counter bytes, Counter refused) {}

    private final MeterRegistry registry;
    private final Map<String, Counters> byTransport = new ConcurrentHashMap<>();
    private final List<Meter> meters = new CopyOnWriteArrayList<>();

    /** Meters that count but are never exported. */
    static StoreMetrics none() {
        return new StoreMetrics(new CompositeMeterRegistry());
    }

    StoreMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the gauges of the hub's contents and memory. */
    StoreMetrics bind(StoreHub hub) {
        for (StoreKind kind : StoreKind.values()) {
            meters.add(Gauge.builder("reel.store.stores", hub, h -> count(h, kind))
                    .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                    .description("Stores held by the viewer store").register(registry));
        }
        meters.add(Gauge.builder("reel.store.memory.used", hub, h -> h.memory().usedBytes()).baseUnit("bytes")
                .description("Memory the viewer store counts against its limit").register(registry));
        meters.add(Gauge.builder("reel.store.memory.limit", hub, h -> h.memory().limitBytes()).baseUnit("bytes")
                .description("The viewer store's memory limit").register(registry));
        meters.add(FunctionCounter.builder("reel.store.collected", hub, h -> h.memory().collectedBytes())
                .baseUnit("bytes").description("Bytes dropped by the memory limit's garbage collection")
                .register(registry));
        return this;
    }

    private static double count(StoreHub hub, StoreKind kind) {
        return hub.stores().stream().filter(store -> store.id().kind() == kind).count();
    }

    /** A message from {@code source} was stored. */
    void stored(String source, int bytes) {
        Counters counters = counters(source);
        counters.messages().increment();
        counters.bytes().increment(bytes);
    }

    /** A message from {@code source} was refused (did not decode, or could not be journaled). */
    void refused(String source) {
        counters(source).refused().increment();
    }

    private Counters counters(String source) {
        return byTransport.computeIfAbsent(transportOf(source), transport -> {
            Counters created = new Counters(
                    Counter.builder("reel.ingest.messages").tag("transport", transport)
                            .description("Messages stored, by the transport they came in by").register(registry),
                    Counter.builder("reel.ingest.bytes").tag("transport", transport).baseUnit("bytes")
                            .description("Payload bytes of the messages stored").register(registry),
                    Counter.builder("reel.ingest.refused").tag("transport", transport)
                            .description("Messages refused: not decodable, or not journaled").register(registry));
            meters.addAll(List.of(created.messages(), created.bytes(), created.refused()));
            return created;
        });
    }

    /** The transport a source names first: {@code tcp 127.0.0.1:5000} → {@code tcp}, {@code gRPC writer} → {@code grpc}. */
    static String transportOf(String source) {
        int space = source.indexOf(' ');
        return (space < 0 ? source : source.substring(0, space)).toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
        byTransport.clear();
    }
}
