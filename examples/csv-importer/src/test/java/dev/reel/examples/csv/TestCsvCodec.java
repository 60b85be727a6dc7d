package dev.reel.examples.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.api.EntityPath;
import dev.reel.api.StoreId;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.TimeColumn;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.api.spi.LogMsgSink;
import dev.reel.api.spi.RecordingDecoder;
import dev.reel.api.spi.RecordingEncoder;
import dev.reel.api.spi.RecordingFormatException;
import dev.reel.testing.LeakCheckingAllocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.Float8Vector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CSV codec on its own: what a file becomes, how bad lines are reported, and the way back to CSV. */
class TestCsvCodec {
    private static final String ARM = """
            # application_id: robot_arm
            # recording_id: run-7
            time,arm/joint1,arm/joint2,"battery, volts"
            2025-06-01T12:00:00Z,0.10,0.20,12.5
            2025-06-01T12:00:00.100Z,0.15,,12.4\r
            1748779200.2,0.2,0.3,
            """;

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    private final List<LogMsg> messages = new ArrayList<>();
    private final List<RecordingFormatException> skipped = new ArrayList<>();
    private final LogMsgSink sink = new LogMsgSink() {
        @Override
        public void accept(LogMsg message) {
            messages.add(message);
        }

        @Override
        public void skipped(RecordingFormatException error) {
            skipped.add(error);
        }
    };

    @AfterEach
    void close() {
        messages.forEach(LogMsg::close);
    }

    private void decode(String csv, DecodeOptions options, int sliceBytes) throws IOException {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        try (RecordingDecoder decoder = new CsvCodec().newDecoder("data/arm.csv", arrow.allocator(), options)) {
            for (int at = 0; at < bytes.length; at += sliceBytes) {
                decoder.push(ByteBuffer.wrap(bytes, at, Math.min(sliceBytes, bytes.length - at)), sink);
            }
            decoder.finish(sink);
            assertThat(decoder.position()).isEqualTo(bytes.length);
        }
    }

    /** Entity → (time → value) of the decoded chunks. */
    private Map<String, Map<Long, Double>> values() {
        Map<String, Map<Long, Double>> values = new TreeMap<>();
        for (LogMsg message : messages) {
            if (message instanceof ArrowMsg arrowMsg) {
                Chunk chunk = arrowMsg.chunk();
                TimeColumn time = chunk.timeColumn("time").orElseThrow();
                Float8Vector items = (Float8Vector) chunk.component("Scalars:scalars").orElseThrow().vector()
                        .getDataVector();
                for (int row = 0; row < chunk.numRows(); row++) {
                    values.computeIfAbsent(chunk.entityPath().toString(), e -> new TreeMap<>())
                            .put(time.get(row), items.get(row));
                }
            }
        }
        return values;
    }

    @Test
    void eachValueColumnBecomesScalarsOfItsEntityOnATimestampTimeline() throws IOException {
        decode(ARM, DecodeOptions.DEFAULT, Integer.MAX_VALUE);

        assertThat(messages.get(0)).isInstanceOfSatisfying(SetStoreInfo.class, info ->
                assertThat(info.storeId()).isEqualTo(StoreId.recording("robot_arm", "run-7")));
        long t0 = 1_748_779_200_000_000_000L;
        assertThat(values()).isEqualTo(Map.of(
                "/arm/joint1", Map.of(t0, 0.10, t0 + 100_000_000, 0.15, t0 + 200_000_000, 0.2),
                "/arm/joint2", Map.of(t0, 0.20, t0 + 200_000_000, 0.3),
                EntityPath.parse("battery, volts").toString(), Map.of(t0, 12.5, t0 + 100_000_000, 12.4)));
        Chunk joint1 = messages.stream().filter(ArrowMsg.class::isInstance).map(m -> ((ArrowMsg) m).chunk())
                .filter(c -> c.entityPath().toString().equals("/arm/joint1")).findFirst().orElseThrow();
        assertThat(joint1.timeColumn("time").orElseThrow().timeline().type()).isEqualTo(dev.reel.api.TimeType.TIMESTAMP);
        assertThat(joint1.timeColumn("time").orElseThrow().isSorted()).isTrue();
        assertThat(joint1.component("Scalars:scalars").orElseThrow().descriptor().archetype())
                .hasValue("rerun.archetypes.Scalars");
    }

    @Test
    void theBytesMayArriveInSlicesOfAnySize() throws IOException {
        decode(ARM, DecodeOptions.DEFAULT, Integer.MAX_VALUE);
        Map<String, Map<Long, Double>> whole = values();
        for (int slice : new int[] {1, 2, 7, 64}) {
            messages.forEach(LogMsg::close);
            messages.clear();
            decode(ARM, DecodeOptions.DEFAULT, slice);
            assertThat(values()).as("slices of %d bytes", slice).isEqualTo(whole);
        }
    }

    @Test
    void withoutIdsTheApplicationIsCsvAndTheRecordingTheFileName() throws IOException {
        decode("t,x\n0,1\n", DecodeOptions.DEFAULT, Integer.MAX_VALUE);
        assertThat(((SetStoreInfo) messages.get(0)).storeId()).isEqualTo(StoreId.recording("csv", "arm"));
    }

    @Test
    void manyRowsGoOutInChunksOfBoundedSize() throws IOException {
        StringBuilder csv = new StringBuilder("time,x\n");
        int rows = CsvDecoder.ROWS_PER_CHUNK * 2 + 5;
        for (int i = 0; i < rows; i++) {
            csv.append(i).append(',').append(i * 0.5).append('\n');
        }
        decode(csv.toString(), DecodeOptions.DEFAULT, 8192);
        assertThat(messages.stream().filter(ArrowMsg.class::isInstance).map(m -> ((ArrowMsg) m).chunk().numRows()))
                .containsExactly(CsvDecoder.ROWS_PER_CHUNK, CsvDecoder.ROWS_PER_CHUNK, 5);
        assertThat(values().get("/x")).hasSize(rows).containsEntry(3_000_000_000L, 1.5);
    }

    @Test
    void aBadCellFailsWithItsLineColumnAndByteOffset() {
        String csv = "time,x\n0,1\n1,oops\n";
        assertThatThrownBy(() -> decode(csv, DecodeOptions.DEFAULT, 3))
                .isInstanceOfSatisfying(RecordingFormatException.class, e -> {
                    assertThat(e.code()).isEqualTo("bad-csv");
                    assertThat(e.offset()).isEqualTo(csv.indexOf("1,oops"));
                    assertThat(e.getMessage()).isEqualTo("data/arm.csv: at byte 11: line 3: column 'x': 'oops' is "
                            + "not a number");
                });
    }

    @Test
    void badTimesRowsOfTheWrongWidthAndAMissingHeaderAreErrors() {
        assertThatThrownBy(() -> decode("time,x\nyesterday,1\n", DecodeOptions.DEFAULT, 100))
                .hasMessageContaining("line 2: column 'time': 'yesterday' is neither an ISO-8601 instant");
        assertThatThrownBy(() -> decode("time,x\n1,2,3\n", DecodeOptions.DEFAULT, 100))
                .hasMessageContaining("line 2: expected 2 cells as in the header, got 3");
        assertThatThrownBy(() -> decode("# only a comment\n", DecodeOptions.DEFAULT, 100))
                .hasMessageContaining("no header line");
        assertThatThrownBy(() -> decode("time\n", DecodeOptions.DEFAULT, 100))
                .hasMessageContaining("line 1: the header must name a time column and at least one value column");
    }

    @Test
    void aLineLongerThanTheMessageLimitIsRefusedBeforeItIsHeld() {
        DecodeOptions small = DecodeOptions.DEFAULT.withMaxMessageBytes(1024);
        assertThatThrownBy(() -> decode("time,x\n0," + "1".repeat(5000) + "\n", small, 100))
                .hasMessageContaining("line 2: line is longer than 1024 bytes");
    }

    @Test
    void continuingOnErrorSkipsTheBadLineAndReportsIt() throws IOException {
        decode("time,x\n0,1\n1,oops\n2,3\n", DecodeOptions.DEFAULT.withContinueOnError(true), 5);
        assertThat(skipped).extracting(RecordingFormatException::offset).containsExactly(11L);
        assertThat(values().get("/x")).containsOnlyKeys(0L, 2_000_000_000L);
    }

    @Test
    void theEncoderWritesTheCsvTheDecoderReads() throws IOException {
        decode(ARM, DecodeOptions.DEFAULT, Integer.MAX_VALUE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingEncoder encoder = new CsvCodec().newEncoder(out)) {
            for (LogMsg message : messages) {
                encoder.write(message);
            }
        }
        String written = out.toString(StandardCharsets.UTF_8);
        Map<String, Map<Long, Double>> before = values();
        messages.forEach(LogMsg::close);
        messages.clear();
        decode(written, DecodeOptions.DEFAULT, Integer.MAX_VALUE);

        assertThat(values()).isEqualTo(before);
        assertThat(((SetStoreInfo) messages.get(0)).storeId()).isEqualTo(StoreId.recording("robot_arm", "run-7"));
        assertThat(written).startsWith("# application_id: robot_arm\n# recording_id: run-7\ntime,");
        assertThat(written).contains("\n2025-06-01T12:00:00.100Z,");
    }
}
