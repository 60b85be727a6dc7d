package dev.reel.rrd.tools;

import dev.reel.api.StoreId;
import dev.reel.api.log.Chunk;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.RootAllocator;

/** What {@code reel rrd compare} does: are two recordings the same data, whatever their ids and encoding. */
public final class RrdComparison {
    /** Lines of a chunk diff shown at most. */
    private static final int MAX_DIFF_LINES = 40;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean unordered;
    private final ChunkSimilarity similarity;
    private final boolean ignoreChunksWithoutComponents;

    /**
     * @param out where the result is printed: a line, or with {@code json} one object
     * @param err where warnings of the decoder are printed
     * @param json print {@code {"similar": bool, "chunks": N}} or {@code {"similar": false, "difference": "..."}}
     *     on {@code out}; the difference is also the message of the exception thrown
     * @param unordered match chunks in any order instead of chunk-id order
     * @param ignoredTimelines timelines whose presence and values do not matter
     * @param ignoreChunksWithoutComponents leave out chunks that have no component column
     */
    public RrdComparison(PrintWriter out, PrintWriter err, boolean json, boolean unordered,
            List<String> ignoredTimelines, boolean ignoreChunksWithoutComponents) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.unordered = unordered;
        this.similarity = new ChunkSimilarity(Set.copyOf(ignoredTimelines));
        this.ignoreChunksWithoutComponents = ignoreChunksWithoutComponents;
    }

    /**
     * Prints that the recordings of {@code a} and {@code b} are similar.
     *
     * @throws RrdToolException (failure) with the first difference, or if a file does not hold exactly one
     *     recording
     */
    public void compare(RrdInput a, RrdInput b) throws IOException {
        int chunks;
        try {
            chunks = similarChunks(a, b);
        } catch (RrdToolException e) {
            if (json && e.kind() == RrdToolException.Kind.FAILURE) {
                Map<String, Object> result = Json.object();
                result.put("similar", false);
                result.put("difference", e.getMessage());
                out.println(Json.encode(result));
                out.flush();
            }
            throw e;
        }
        if (json) {
            Map<String, Object> result = Json.object();
            result.put("similar", true);
            result.put("chunks", chunks);
            out.println(Json.encode(result));
        } else {
            out.println(a.name() + " and " + b.name() + " are similar (" + chunks + " chunks).");
        }
        out.flush();
    }

    /** The number of chunks of each recording, which are similar. */
    private int similarChunks(RrdInput a, RrdInput b) throws IOException {
        try (RootAllocator allocator = new RootAllocator();
                RrdStores storesA = load(a, allocator);
                RrdStores storesB = load(b, allocator)) {
            StoreId recordingA = recording(a, storesA);
            StoreId recordingB = recording(b, storesB);
            if (!recordingA.applicationId().equals(recordingB.applicationId())) {
                throw RrdToolException.failure("Application IDs do not match: '" + recordingA.applicationId()
                        + "' vs. '" + recordingB.applicationId() + "'");
            }
            List<Chunk> chunksA = chunks(storesA, recordingA);
            List<Chunk> chunksB = chunks(storesB, recordingB);
            if (unordered) {
                compareUnordered(a, b, chunksA, chunksB, similarity);
            } else {
                compareOrdered(a, b, chunksA, chunksB, similarity);
            }
            return chunksA.size();
        }
    }

    private RrdStores load(RrdInput input, RootAllocator allocator) throws IOException {
        return RrdStores.load(new RrdScan(List.of(input), allocator, err, false), allocator);
    }

    private static StoreId recording(RrdInput input, RrdStores stores) {
        List<StoreId> recordings = stores.ids().stream().filter(id -> !id.isBlueprint()).toList();
        if (recordings.size() != 1) {
            throw RrdToolException.failure(input.name() + ": " + (recordings.isEmpty()
                    ? "no data recording found in rrd file" : "more than one data recording found in rrd file"));
        }
        return recordings.get(0);
    }

    /**
     * The chunks the store keeps, in chunk-id order, their rows in row-id order: static chunks entirely shadowed
     * by later ones are gone, as in Rerun's store.
     */
    private List<Chunk> chunks(RrdStores stores, StoreId recording) {
        List<Chunk> chunks = new ArrayList<>();
        for (Chunk chunk : stores.chunks(recording)) {
            if (!(ignoreChunksWithoutComponents && chunk.components().isEmpty())) {
                chunks.add(chunk);
            }
        }
        return chunks;
    }

    private static void compareOrdered(RrdInput a, RrdInput b, List<Chunk> chunksA, List<Chunk> chunksB,
            ChunkSimilarity similarity) {
        if (chunksA.size() != chunksB.size()) {
            throw RrdToolException.failure(a.name() + " and " + b.name() + " differ: number of chunks "
                    + "does not match: " + Formatting.uint(chunksA.size()) + " vs " + Formatting.uint(chunksB.size()));
        }
        for (int i = 0; i < chunksA.size(); i++) {
            Chunk chunkA = chunksA.get(i);
            Chunk chunkB = chunksB.get(i);
            Optional<String> difference = similarity.difference(chunkA, chunkB);
            if (difference.isPresent()) {
                throw RrdToolException.failure(a.name() + " and " + b.name() + " differ at chunk "
                        + (i + 1) + " of " + chunksA.size() + " (" + chunkA.entityPath() + "): " + difference.get()
                        + "\n" + diff(a, chunkA, b, chunkB));
            }
        }
    }

    private static void compareUnordered(RrdInput a, RrdInput b, List<Chunk> chunksA, List<Chunk> chunksB,
            ChunkSimilarity similarity) {
        List<Chunk> remaining = new ArrayList<>(chunksB);
        List<Chunk> unmatched = new ArrayList<>();
        for (Chunk chunk : chunksA) {
            Optional<Chunk> match = remaining.stream()
                    .filter(candidate -> similarity.difference(chunk, candidate).isEmpty()).findFirst();
            if (match.isPresent()) {
                remaining.remove(match.get());
            } else {
                unmatched.add(chunk);
            }
        }
        if (unmatched.isEmpty() && remaining.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder(a.name() + " and " + b.name() + " differ (unordered comparison):");
        unmatched(message, a, unmatched);
        unmatched(message, b, remaining);
        throw RrdToolException.failure(message.toString());
    }

    private static void unmatched(StringBuilder message, RrdInput input, List<Chunk> chunks) {
        if (!chunks.isEmpty()) {
            message.append("\n").append(chunks.size()).append(" chunk(s) of ").append(input.name())
                    .append(" could not be matched:");
            chunks.forEach(chunk -> message.append("\n  ").append(ChunkText.summary(chunk))
                    .append(ChunkText.dataColumns(chunk, false)));
        }
    }

    /** The two chunks as tables (rows in row-id order), differing lines marked {@code -} and {@code +}. */
    private static String diff(RrdInput a, Chunk chunkA, RrdInput b, Chunk chunkB) {
        List<String> linesA = ChunkText.table(chunkA, false);
        List<String> linesB = ChunkText.table(chunkB, false);
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(a.name()).append(' ').append(chunkA.id()).append('\n');
        out.append("+++ ").append(b.name()).append(' ').append(chunkB.id());
        int shown = 0;
        int lines = Math.max(linesA.size(), linesB.size());
        for (int i = 0; i < lines && shown < MAX_DIFF_LINES; i++) {
            String lineA = i < linesA.size() ? linesA.get(i) : null;
            String lineB = i < linesB.size() ? linesB.get(i) : null;
            if (lineA != null && lineA.equals(lineB)) {
                out.append("\n  ").append(lineA);
                shown++;
                continue;
            }
            if (lineA != null) {
                out.append("\n- ").append(lineA);
                shown++;
            }
            if (lineB != null) {
                out.append("\n+ ").append(lineB);
                shown++;
            }
        }
        if (shown >= MAX_DIFF_LINES) {
            out.append("\n  \u2026");
        }
        return out.toString();
    }
}
