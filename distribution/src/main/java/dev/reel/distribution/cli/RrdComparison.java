package dev.reel.distribution.cli;

import dev.reel.api.log.Chunk;
import dev.reel.distribution.CliException;
import dev.reel.distribution.cli.InMemoryStores.ChunkRow;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.RootAllocator;

/** What {@code reel rrd compare} does: are two recordings the same data, whatever their ids and encoding. */
final class RrdComparison {
    /** Lines of a chunk diff shown at most. */
    private static final int MAX_DIFF_LINES = 40;

    private final PrintWriter err;
    private final boolean unordered;
    private final ChunkSimilarity similarity;
    private final boolean ignoreChunksWithoutComponents;

    RrdComparison(PrintWriter err, boolean unordered, List<String> ignoredTimelines,
            boolean ignoreChunksWithoutComponents) {
        this.err = err;
        this.unordered = unordered;
        this.similarity = new ChunkSimilarity(Set.copyOf(ignoredTimelines));
        this.ignoreChunksWithoutComponents = ignoreChunksWithoutComponents;
    }

    /** Returns 0 if the recordings of {@code a} and {@code b} are similar, else throws the first difference. */
    int compare(RrdInput a, RrdInput b) throws IOException {
        try (RootAllocator allocator = new RootAllocator();
                InMemoryStores storesA = load(a, allocator);
                InMemoryStores storesB = load(b, allocator)) {
            InMemoryStores.Store recordingA = recording(a, storesA);
            InMemoryStores.Store recordingB = recording(b, storesB);
            if (!recordingA.id().applicationId().equals(recordingB.id().applicationId())) {
                throw new CliException(CliException.FAILURE, "Application IDs do not match: '"
                        + recordingA.id().applicationId() + "' vs. '" + recordingB.id().applicationId() + "'");
            }
            List<Chunk> chunksA = chunks(recordingA);
            List<Chunk> chunksB = chunks(recordingB);
            if (unordered) {
                compareUnordered(a, b, chunksA, chunksB, similarity);
            } else {
                compareOrdered(a, b, chunksA, chunksB, similarity);
            }
            err.println(a.name() + " and " + b.name() + " are similar (" + chunksA.size() + " chunks).");
            err.flush();
        }
        return 0;
    }

    private InMemoryStores load(RrdInput input, RootAllocator allocator) throws IOException {
        return InMemoryStores.load(new RrdScan(List.of(input), allocator, err, false));
    }

    private static InMemoryStores.Store recording(RrdInput input, InMemoryStores stores) {
        List<InMemoryStores.Store> recordings = stores.stores().stream().filter(s -> !s.id().isBlueprint()).toList();
        if (recordings.size() != 1) {
            throw new CliException(CliException.FAILURE, input.name() + ": " + (recordings.isEmpty()
                    ? "no data recording found in rrd file" : "more than one data recording found in rrd file"));
        }
        return recordings.get(0);
    }

    /** The chunks a store keeps, in chunk-id order: static chunks entirely shadowed by later ones are gone. */
    private List<Chunk> chunks(InMemoryStores.Store store) {
        Set<Chunk> staticWinners = new HashSet<>();
        store.staticValues().values().stream().map(ChunkRow::chunk).forEach(staticWinners::add);
        List<Chunk> chunks = new ArrayList<>();
        for (Chunk chunk : store.chunks()) {
            boolean shadowed = chunk.isStatic() && !chunk.components().isEmpty() && !staticWinners.contains(chunk);
            if (!shadowed && !(ignoreChunksWithoutComponents && chunk.components().isEmpty())) {
                chunks.add(chunk);
            }
        }
        chunks.sort(Comparator.comparing(Chunk::id));
        return chunks;
    }

    private static void compareOrdered(RrdInput a, RrdInput b, List<Chunk> chunksA, List<Chunk> chunksB,
            ChunkSimilarity similarity) {
        if (chunksA.size() != chunksB.size()) {
            throw new CliException(CliException.FAILURE, a.name() + " and " + b.name() + " differ: number of chunks "
                    + "does not match: " + Formatting.uint(chunksA.size()) + " vs " + Formatting.uint(chunksB.size()));
        }
        for (int i = 0; i < chunksA.size(); i++) {
            Chunk chunkA = chunksA.get(i);
            Chunk chunkB = chunksB.get(i);
            Optional<String> difference = similarity.difference(chunkA, chunkB);
            if (difference.isPresent()) {
                throw new CliException(CliException.FAILURE, a.name() + " and " + b.name() + " differ at chunk "
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
        throw new CliException(CliException.FAILURE, message.toString());
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
        List<String> linesA = ChunkText.table(chunkA, ChunkRows.byRowId(chunkA), false);
        List<String> linesB = ChunkText.table(chunkB, ChunkRows.byRowId(chunkB), false);
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
