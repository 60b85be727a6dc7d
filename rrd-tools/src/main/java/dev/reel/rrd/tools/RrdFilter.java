package dev.reel.rrd.tools;

import dev.reel.api.EntityPath;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.LogMsg;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdEncoder;
import dev.reel.rrd.RrdFrame;
import dev.reel.store.ChunkRows;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** What {@code reel rrd filter} does: drops timelines and entities, leaves the rest as it is. */
public final class RrdFilter {
    private final PrintWriter err;
    private final Set<String> timelines;
    private final Set<EntityPath> entities;
    private final boolean continueOnError;

    /**
     * @param err where warnings and progress go
     * @param timelines the timelines whose columns are dropped
     * @param entities the entities whose chunks are dropped: parsed forgivingly, matched exactly
     * @param continueOnError skip bad messages (reported on {@code err}) instead of stopping at the first
     */
    public RrdFilter(PrintWriter err, List<String> timelines, List<String> entities, boolean continueOnError) {
        this.err = err;
        this.timelines = Set.copyOf(timelines);
        this.entities = entities.stream().map(EntityPath::parse).collect(Collectors.toSet());
        this.continueOnError = continueOnError;
    }

    /** Writes the filtered inputs to {@code target} (null: standard output). */
    public void filter(List<RrdInput> inputs, Path target) throws IOException {
        try (RootAllocator allocator = new RootAllocator();
                RrdOutput output = RrdOutput.open(target, inputs)) {
            RrdEncoder encoder = new RrdEncoder(output.stream(), Compression.LZ4);
            RrdScan scan = new RrdScan(inputs, allocator, err, continueOnError);
            scan.run(new RrdScan.Listener() {
                @Override
                public void message(RrdInput input, RrdFrame frame, LogMsg message) throws IOException {
                    try (message) {
                        if (!(message instanceof ArrowMsg arrow)) {
                            encoder.write(message);
                        } else if (!entities.contains(arrow.chunk().entityPath())) {
                            writeFiltered(encoder, arrow, timelines, allocator);
                        }
                    }
                }
            }, true);
            encoder.close();
            output.commit();
        }
    }

    private static void writeFiltered(RrdEncoder encoder, ArrowMsg message, Set<String> timelines,
            BufferAllocator allocator) throws IOException {
        Chunk chunk = message.chunk();
        boolean dropsSome = chunk.timeColumns().stream().anyMatch(t -> timelines.contains(t.timeline().name()));
        if (!dropsSome) {
            encoder.write(message);
            return;
        }
        try (Chunk filtered = ChunkRows.all(chunk).timelines(t -> !timelines.contains(t)).copy(chunk.id(),
                allocator)) {
            encoder.write(new ArrowMsg(message.storeId(), filtered));
        }
    }
}
