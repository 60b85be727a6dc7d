package dev.reel.distribution;

import dev.reel.store.hub.StoreHubs;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.RrdReader;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.StoreSummary;
import dev.reel.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.RootAllocator;

/** The 13 Rerun files from other public repositories in {@code fixtures/rerun-rrd/wild} (see its README). */
final class WildFixtures {
    /**
     * One wild file.
     *
     * @param refusedAs the error kind Reel answers it with (and where Rerun's own readers stop), or null
     */
    record Expected(String name, String refusedAs) {
        Path path() {
            return Fixtures.rrd(Fixtures.WILD + name);
        }
    }

    private static final List<Expected> ALL = List.of(
            new Expected("v0.22.1_rnl_output_map.rrd", "msgpack-not-supported"),
            new Expected("v0.24.0_rko-lio_rko_lio_2025-09.rbl", null),
            new Expected("v0.24.0_rko-lio_rko_lio_resaved-2026-05.rbl", null),
            new Expected("v0.24.1_unit-compose_navigation-astar.rrd", null),
            new Expected("v0.27.2_dimos_dimos_main_rerun.rbl", null),
            new Expected("v0.27.3_rust-daq_daq_default.rbl", null),
            new Expected("v0.28.1_dimos_dimos.rbl", null),
            new Expected("v0.29.2_rewire-camera_rewire.rbl", null),
            new Expected("v0.31.4_octosense_octosense.rbl", null),
            new Expected("v0.33.1_radar-egui_map.rrd", null),
            new Expected("v0.33.1_duckdb-rrd_simple.rrd", null),
            new Expected("v0.33.1_duckdb-rrd_truncated.rrd", "truncated"),
            new Expected("v0.33.1_duckdb-rrd_ts.rrd", null));

    private WildFixtures() {}

    static List<Expected> all() {
        return ALL;
    }

    /**
     * Rows per store (keyed {@code kind:app/recording}) when the files are read straight into one viewer store,
     * each file a source: what any other way in must end up with. A file that ends in an error counts what came
     * before the error. Activation commands are left out, so the result holds only the files' own stores, not
     * the active blueprints the store clones from them.
     */
    static Map<String, Long> rowsPerStore(List<Path> files) throws IOException {
        try (RootAllocator allocator = new RootAllocator();
                StoreHub hub = StoreHubs.inMemory(StoreHubConfig.defaults().withMemoryLimit(Long.MAX_VALUE), allocator)) {
            for (Path file : files) {
                try {
                    RrdReader.read(file, allocator, DecodeOptions.DEFAULT, message -> {
                        if (message instanceof BlueprintActivationCommand) {
                            message.close();
                        } else {
                            hub.ingest(message, file.toString());
                        }
                    });
                } catch (RrdFormatException e) {
                    // keep what was read before the error, as a server does
                }
            }
            Map<String, Long> rows = new TreeMap<>();
            for (StoreSummary store : hub.stores()) {
                rows.put(store.id().kind() + ":" + store.id().applicationId() + "/" + store.id().recordingId(),
                        store.stats().rows());
            }
            return rows;
        }
    }
}
