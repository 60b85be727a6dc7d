package dev.reel.rrd.tools;

import dev.reel.api.StoreId;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.LogMsg;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdEncoder;
import dev.reel.rrd.RrdFrame;
import dev.reel.store.ChunkStoreConfig;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.StoreSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;

/**
 * What {@code reel rrd merge} and {@code reel rrd optimize} do, with the viewer store's semantics (as Rerun
 * does with one store per store id): inputs are pooled by store id, duplicate chunks and shadowed static data
 * disappear, activation commands of the inputs are dropped; optimize also compacts. The output has blueprints
 * first, then recordings; per store its store info, its chunks by smallest row id, and for a blueprint an
 * activation command.
 */
public final class RrdMerger {
    private final PrintWriter err;
    private final boolean continueOnError;

    /**
     * @param err where warnings and progress go
     * @param continueOnError skip bad messages (reported on {@code err}) instead of stopping at the first
     */
    public RrdMerger(PrintWriter err, boolean continueOnError) {
        this.err = err;
        this.continueOnError = continueOnError;
    }

    /** Merges without re-chunking into {@code target} (null: standard output). */
    public void merge(List<RrdInput> inputs, Path target) throws IOException {
        run(inputs, target, ChunkStoreConfig.DISABLED, 0);
    }

    /**
     * Merges into {@code target} (null: standard output), compacting with {@code config} on ingest and then in up
     * to {@code passes} passes ({@link Thresholds} gives Rerun's).
     */
    public void optimize(List<RrdInput> inputs, Path target, ChunkStoreConfig config, int passes)
            throws IOException {
        run(inputs, target, config, passes);
    }

    private void run(List<RrdInput> inputs, Path target, ChunkStoreConfig config, int passes) throws IOException {
        StoreHubConfig hubConfig = RrdStores.hubConfig(config);
        try (RootAllocator allocator = new RootAllocator();
                RrdOutput output = RrdOutput.open(target, inputs)) {
            try (StoreHub hub = StoreHub.create(hubConfig, allocator)) {
                new RrdScan(inputs, allocator, err, continueOnError).run(new RrdScan.Listener() {
                    @Override
                    public void message(RrdInput input, RrdFrame frame, LogMsg message) {
                        if (message instanceof BlueprintActivationCommand) {
                            message.close(); // Rerun writes its own after each blueprint
                        } else {
                            hub.ingest(message, input.name());
                        }
                    }
                }, true);
                if (passes > 1) {
                    try (StoreHub compacted = hub.compacted(config, passes)) {
                        write(compacted, output);
                    }
                } else {
                    write(hub, output);
                }
            }
            output.commit();
        }
    }

    private static void write(StoreHub hub, RrdOutput output) throws IOException {
        RrdEncoder encoder = new RrdEncoder(output.stream(), Compression.LZ4);
        List<StoreId> order = hub.stores().stream().map(StoreSummary::id)
                .sorted(Comparator.comparing((StoreId id) -> !id.isBlueprint()).thenComparing(id -> id))
                .toList();
        try {
            for (StoreId id : order) {
                hub.export(id, message -> {
                    try {
                        encoder.write(message);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        encoder.close();
    }
}
