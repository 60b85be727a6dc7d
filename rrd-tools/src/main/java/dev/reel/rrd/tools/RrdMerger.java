package dev.reel.rrd.tools;

import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.LogMsg;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdEncoder;
import dev.reel.rrd.RrdFrame;
import dev.reel.store.ChunkStoreConfig;
import dev.reel.store.ExportRequest;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.StoreSnapshot;
import dev.reel.store.hub.StoreHubs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;

/**
 * What {@code reel rrd merge} and {@code reel rrd optimize} do, with the viewer store's semantics (as Rerun
 * does with one store per store id): inputs are pooled by store id, duplicate chunks and shadowed static data
 * disappear, activation commands of the inputs are dropped; optimize also compacts. The output is written by the
 * store's one export path ({@link StoreHub#snapshot}): the store infos, each blueprint's chunks followed by a
 * command making it default and active, then the recordings' static chunks and their temporal chunks.
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
            try (StoreHub hub = StoreHubs.inMemory(hubConfig, allocator)) {
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

    /** Writes the hub through its one export path, every blueprint made default and active as Rerun's merge does. */
    private static void write(StoreHub hub, RrdOutput output) throws IOException {
        RrdEncoder encoder = new RrdEncoder(output.stream(), Compression.LZ4);
        try (StoreSnapshot snapshot = hub.snapshot(
                ExportRequest.everything().withActivations(ExportRequest.Activations.EVERY_BLUEPRINT))) {
            snapshot.writeTo(encoder);
        }
        encoder.close();
    }
}
