package dev.reel.rrd.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.StoreId;
import dev.reel.api.TimeType;
import dev.reel.api.Timeline;
import dev.reel.api.log.Chunk;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.testing.LeakCheckingAllocator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Windows of a recording: their rows, the bootstrap values the store answers with, static shadowing. */
class TestRecordingSplitter {
    private static final Timeline FRAME = new Timeline("frame", TimeType.SEQUENCE);

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path temp;

    /**
     * Frames 0 to 9 of {@code /plot} in chunks of 4 rows, {@code /sparse} at frame 2, and {@code /shadowed} at
     * every frame but with a static value too.
     */
    private StoreId record(Path file) throws Exception {
        try (RecordingStream rec = RecordingStream.builder("windows").recordingId("rec").logTime(false)
                .batching(new BatcherConfig(4, Long.MAX_VALUE, Duration.ZERO)).saveTo(file)) {
            for (int frame = 0; frame < 10; frame++) {
                rec.setTime("frame", frame);
                rec.log("plot", Scalars.of(frame));
                rec.log("shadowed", Scalars.of(frame));
                if (frame == 2) {
                    rec.log("sparse", Scalars.of(-2));
                }
            }
            rec.logStatic("shadowed", Scalars.of(42));
            return rec.storeId();
        }
    }

    @Test
    void aWindowHasItsRowsAndTheValuesSetBeforeIt() throws Exception {
        Path file = temp.resolve("windows.rrd");
        StoreId recording = record(file);
        RrdScan scan = new RrdScan(List.of(RrdInput.file(file.toString())), arrow.allocator(),
                new PrintWriter(new StringWriter()), false);
        try (RrdStores stores = RrdStores.load(scan, arrow.allocator())) {
            RecordingSplitter splitter = new RecordingSplitter(stores, recording, FRAME, false, arrow.allocator());
            List<RecordingSplitter.Piece> pieces = splitter.window(5, 8);
            try {
                List<Long> plotFrames = frames(pieces, "/plot");
                assertThat(plotFrames).containsExactly(5L, 6L, 7L);
                assertThat(frames(pieces, "/sparse")).containsExactly(2L);
                List<Chunk> shadowed = pieces.stream().map(RecordingSplitter.Piece::chunk)
                        .filter(c -> c.entityPath().toString().equals("/shadowed")).toList();
                assertThat(shadowed).singleElement().satisfies(chunk -> {
                    assertThat(chunk.isStatic()).isTrue();
                    assertThat(chunk.components().get(0).vector().getObject(0)).isEqualTo(List.of(42.0));
                });
                Chunk sparse = pieces.stream().map(RecordingSplitter.Piece::chunk)
                        .filter(c -> c.entityPath().toString().equals("/sparse")).findFirst().orElseThrow();
                assertThat(stores.chunks(recording).stream().anyMatch(c -> c.rowId(0).equals(sparse.rowId(0))))
                        .as("a bootstrap row is a new write").isFalse();
                assertThat(pieces).isSortedAccordingTo((a, b) -> a.order().compareTo(b.order()));
            } finally {
                pieces.stream().filter(RecordingSplitter.Piece::owned).forEach(p -> p.chunk().close());
            }
            assertThat(splitter.chunksWithoutTimeline()).isZero();
        }
    }

    private static List<Long> frames(List<RecordingSplitter.Piece> pieces, String entity) {
        return pieces.stream().map(RecordingSplitter.Piece::chunk)
                .filter(c -> c.entityPath().toString().equals(entity))
                .flatMap(c -> {
                    var frames = c.timeColumn("frame").orElseThrow();
                    return java.util.stream.IntStream.range(0, c.numRows()).mapToObj(frames::get);
                }).sorted().toList();
    }
}
