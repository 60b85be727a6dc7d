package dev.reel.catalog.internal;

import dev.reel.catalog.internal.CatalogRecords.Totals;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The catalog's meters: datasets, segments, layers, chunks and bytes indexed. One scrape reads the totals once (one
 * query for all five gauges, reused for a second); removed from the registry on {@link #close}.
 */
final class CatalogMetrics implements AutoCloseable {
    private static final long REUSE_NANOS = Duration.ofSeconds(1).toNanos();

    private final MeterRegistry registry;
    private final Supplier<Totals> source;
    private final List<Meter> meters = new ArrayList<>();
    private Totals last;
    private long readAt;

    CatalogMetrics(MeterRegistry registry, Supplier<Totals> source) {
        this.registry = registry;
        this.source = source;
        gauge("reel.catalog.datasets", "Datasets in the catalog", null, Totals::datasets);
        gauge("reel.catalog.segments", "Segments of the catalog's datasets", null, Totals::segments);
        gauge("reel.catalog.layers", "Layers of the catalog's segments", null, Totals::layers);
        gauge("reel.catalog.chunks", "Chunks indexed by the catalog", null, Totals::chunks);
        gauge("reel.catalog.size", "Bytes of the chunks the catalog indexes", "bytes", Totals::bytes);
    }

    private void gauge(String name, String description, String unit, ToDoubleFunction<Totals> value) {
        meters.add(Gauge.builder(name, this, m -> value.applyAsDouble(m.totals())).description(description)
                .baseUnit(unit).register(registry));
    }

    private synchronized Totals totals() {
        long now = System.nanoTime();
        if (last == null || now - readAt > REUSE_NANOS) {
            last = source.get();
            readAt = now;
        }
        return last;
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
