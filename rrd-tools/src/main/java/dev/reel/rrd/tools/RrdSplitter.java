package dev.reel.rrd.tools;

import dev.reel.api.RecordingId;
import dev.reel.api.StoreId;
import dev.reel.api.TimeType;
import dev.reel.api.Timeline;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.StoreInfo;
import dev.reel.api.log.TimeColumn;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdEncoder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.arrow.memory.RootAllocator;

/** What {@code reel rrd split} does: cuts the recordings of a file into time windows, one file each. */
public final class RrdSplitter {
    private final PrintWriter out;
    private final PrintWriter err;
    private final String timeline;
    private final List<String> times;
    private final Integer parts;
    private final String recordingIdPrefix;
    private final boolean dropUnusedTimelines;

    /**
     * @param out where the paths of the files written are printed
     * @param err where warnings and progress go
     * @param timeline the timeline to split on
     * @param times the cut-off times as text, or empty when {@code parts} is given
     * @param parts the number of windows of equal span, or null when {@code times} are given
     * @param recordingIdPrefix window i gets the recording id {@code <prefix><i>}; null: {@code <original>-<i>}
     * @param dropUnusedTimelines keep only the split timeline
     */
    public RrdSplitter(PrintWriter out, PrintWriter err, String timeline, List<String> times, Integer parts,
            String recordingIdPrefix, boolean dropUnusedTimelines) {
        this.out = out;
        this.err = err;
        this.timeline = timeline;
        this.times = List.copyOf(times);
        this.parts = parts;
        this.recordingIdPrefix = recordingIdPrefix;
        this.dropUnusedTimelines = dropUnusedTimelines;
    }

    /**
     * Writes one file per window into {@code outputDir} and prints their paths.
     *
     * @throws RrdToolException (usage) for a timeline the file does not have or cut-offs that give empty windows
     */
    public void split(RrdInput source, Path outputDir) throws IOException {
        try (RootAllocator allocator = new RootAllocator();
                RrdStores stores = RrdStores.load(new RrdScan(List.of(source), allocator, err, false), allocator)) {
            TimeType type = timelineType(stores);
            long[] cutoffs = cutoffs(stores, type);
            Files.createDirectories(outputDir);
            Map<StoreId, RecordingSplitter> splitters = new LinkedHashMap<>();
            for (StoreId id : stores.ids()) {
                if (!id.isBlueprint()) {
                    RecordingSplitter splitter = new RecordingSplitter(stores, id, new Timeline(timeline, type),
                            dropUnusedTimelines, allocator);
                    splitters.put(id, splitter);
                    if (splitter.chunksWithoutTimeline() > 0) {
                        err.println("reel: warning: " + splitter.chunksWithoutTimeline() + " temporal chunk(s) of "
                                + id + " have no timeline '" + timeline + "' and are left out, as Rerun does");
                    }
                }
            }
            String stem = stem(source.path());
            for (int i = 0; i + 1 < cutoffs.length; i++) {
                Path file = outputDir.resolve(stem + "_" + TimeText.forFileName(type, cutoffs[i]) + "__"
                        + TimeText.forFileName(type, cutoffs[i + 1]) + ".rrd");
                write(file, source, stores, splitters, i, cutoffs[i], cutoffs[i + 1]);
                out.println(file);
            }
        }
        out.flush();
        err.flush();
    }

    /** The split timeline's type, which must be the same in every store. */
    private TimeType timelineType(RrdStores stores) {
        Map<String, TimeType> known = new TreeMap<>();
        for (StoreId id : stores.ids()) {
            for (Chunk chunk : stores.chunks(id)) {
                for (TimeColumn time : chunk.timeColumns()) {
                    TimeType previous = known.putIfAbsent(time.timeline().name(), time.timeline().type());
                    if (previous != null && previous != time.timeline().type()) {
                        throw RrdToolException.failure("found incompatible timeline in multi-recording file: "
                                + time.timeline().name() + " is " + previous + " and " + time.timeline().type());
                    }
                }
            }
        }
        TimeType type = known.get(timeline);
        if (type == null) {
            throw RrdToolException.usage("timeline '" + timeline + "' does not exist in the input recording, "
                    + "available timelines are " + String.join(", ", known.keySet()));
        }
        return type;
    }

    /** {@code [min, t1, …, tk, max + 1]}: the bounds of the windows, over all stores. */
    private long[] cutoffs(RrdStores stores, TimeType type) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (StoreId id : stores.ids()) {
            for (Chunk chunk : stores.chunks(id)) {
                TimeColumn time = chunk.timeColumn(timeline).orElse(null);
                if (time != null && time.size() > 0) {
                    min = Math.min(min, time.min());
                    max = Math.max(max, time.max());
                }
            }
        }
        if (min > max) {
            throw RrdToolException.failure("timeline '" + timeline + "' does not contain any data");
        }
        long end = max == Long.MAX_VALUE ? max : max + 1;
        List<Long> cutoffs = new ArrayList<>();
        cutoffs.add(min);
        if (parts != null) {
            long span = (end - min) / parts;
            for (int i = 1; i < parts; i++) {
                cutoffs.add(min + i * span);
            }
        } else {
            times.forEach(t -> cutoffs.add(TimeText.parse(type, t)));
        }
        cutoffs.add(end);
        for (int i = 1; i < cutoffs.size(); i++) {
            if (cutoffs.get(i) <= cutoffs.get(i - 1)) {
                throw RrdToolException.usage("the windows would be empty: timeline '" + timeline
                        + "' spans " + TimeText.format(type, min) + " to " + TimeText.format(type, max)
                        + " and the cut-offs must increase strictly within it, got " + cutoffs.stream()
                                .map(t -> TimeText.format(type, t)).collect(Collectors.joining(", ")));
            }
        }
        return cutoffs.stream().mapToLong(Long::longValue).toArray();
    }

    private void write(Path file, RrdInput source, RrdStores stores, Map<StoreId, RecordingSplitter> splitters,
            int index, long start, long end) throws IOException {
        try (RrdOutput output = RrdOutput.open(file, List.of(source))) {
            RrdEncoder encoder = new RrdEncoder(output.stream(), Compression.LZ4);
            for (StoreId id : stores.ids()) {
                RecordingSplitter splitter = splitters.get(id);
                if (splitter == null) {
                    writeWhole(encoder, stores, id);
                } else {
                    writeWindow(encoder, stores, id, splitter.window(start, end), recordingId(id, index));
                }
            }
            encoder.close();
            output.commit();
        }
    }

    /** Blueprints are not split: every window gets all of it, activations after its chunks. */
    private static void writeWhole(RrdEncoder encoder, RrdStores stores, StoreId id) throws IOException {
        for (SetStoreInfo info : stores.infos(id)) {
            encoder.write(info);
        }
        for (Chunk chunk : stores.chunks(id)) {
            encoder.write(new ArrowMsg(id, chunk));
        }
        for (var command : stores.activations(id)) {
            encoder.write(command);
        }
    }

    private static void writeWindow(RrdEncoder encoder, RrdStores stores, StoreId id,
            List<RecordingSplitter.Piece> pieces, StoreId target) throws IOException {
        try {
            for (SetStoreInfo info : stores.infos(id)) {
                StoreInfo original = info.info();
                encoder.write(new SetStoreInfo(info.rowId(), new StoreInfo(target, original.source(),
                        original.storeVersion())));
            }
            for (RecordingSplitter.Piece piece : pieces) {
                encoder.write(new ArrowMsg(target, piece.chunk()));
            }
            for (var command : stores.activations(id)) {
                encoder.write(command);
            }
        } finally {
            pieces.stream().filter(RecordingSplitter.Piece::owned).forEach(p -> p.chunk().close());
        }
    }

    private StoreId recordingId(StoreId original, int index) {
        String id = recordingIdPrefix != null ? recordingIdPrefix + index
                : original.recordingId().value() + "-" + index;
        return new StoreId(original.kind(), original.applicationId(), RecordingId.of(id));
    }

    /** The file name without its last extension, as Rust's {@code file_stem}. */
    private static String stem(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
