package dev.reel.rrd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.log.LogMsg;
import dev.reel.testing.Fixtures;
import dev.reel.testing.LeakCheckingAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** decode → encode → decode gives the same messages, and what Reel writes reads back with rrd_dump.py. */
class TestRrdRoundTrip {

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Fixtures.FILE1, Fixtures.FILE2, Fixtures.BLUEPRINT_RRB, Fixtures.BOXES_0_30,
        Fixtures.BLUEPRINT_0_30, Fixtures.TEXT_LOG_0_31})
    void everyFixtureSurvivesARoundTripInBothCompressions(String fixture) throws Exception {
        List<LogMsg> original = RrdReader.readAll(Fixtures.rrd(fixture), arrow.allocator());
        try {
            for (Compression compression : Compression.values()) {
                List<LogMsg> again = Messages.decode(Messages.encode(original, compression), arrow.allocator(), 0);
                try {
                    Messages.assertSameMessages(again, original);
                } finally {
                    Messages.closeAll(again);
                }
            }
        } finally {
            Messages.closeAll(original);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Fixtures.FILE1, Fixtures.BLUEPRINT_0_30, Fixtures.BOXES_0_30})
    void whatReelWritesIsReadByTheIndependentDumper(String fixture) throws Exception {
        List<LogMsg> original = RrdReader.readAll(Fixtures.rrd(fixture), arrow.allocator());
        try {
            Path written = temp.resolve("written.rrd");
            Files.write(written, Messages.encode(original, Compression.LZ4));
            RrdDump.Dump dump = RrdDump.run(written);
            assertThat(dump.text()).contains("version=00210000 (0.33.0) compression=1 serializer=2 reserved=0000");
            assertThat(dump.text()).doesNotContain("\"sorbet:version\": \"0.1.2\"");
            assertThat(dump.messages()).hasSameSizeAs(original);
            for (int i = 0; i < original.size(); i++) {
                TestRrdFixtures.assertMatches(original.get(i), dump.messages().get(i));
            }
            assertThat(dump.text()).contains("EOF at " + Files.size(written) + " of " + Files.size(written));
        } finally {
            Messages.closeAll(original);
        }
    }

    @ParameterizedTest(name = "slices of {0} bytes")
    @ValueSource(ints = {1, 7, 16, 4093})
    void decodingDoesNotDependOnHowTheBytesArrive(int sliceSize) throws Exception {
        byte[] bytes = Fixtures.bytes(Fixtures.FILE1);
        List<LogMsg> whole = Messages.decode(bytes, arrow.allocator(), 0);
        List<LogMsg> sliced = Messages.decode(bytes, arrow.allocator(), sliceSize);
        try {
            Messages.assertSameMessages(sliced, whole);
        } finally {
            Messages.closeAll(whole);
            Messages.closeAll(sliced);
        }
    }

    @Test
    void concatenatedStreamsDecodeAsTheirSequence() throws Exception {
        // file1 and file2 end with footers; test.rrb ends with a legacy End marker and no trailer.
        byte[] concatenated = concat(Fixtures.bytes(Fixtures.FILE1), Fixtures.bytes(Fixtures.BLUEPRINT_RRB),
                Fixtures.bytes(Fixtures.FILE2));
        List<LogMsg> expected = new ArrayList<>();
        for (String fixture : List.of(Fixtures.FILE1, Fixtures.BLUEPRINT_RRB, Fixtures.FILE2)) {
            expected.addAll(RrdReader.readAll(Fixtures.rrd(fixture), arrow.allocator()));
        }
        List<LogMsg> decoded = Messages.decode(concatenated, arrow.allocator(), 1000);
        try {
            Messages.assertSameMessages(decoded, expected);
        } finally {
            Messages.closeAll(decoded);
            Messages.closeAll(expected);
        }
    }

    @Test
    void reelOutputConcatenatesWithItself() throws Exception {
        List<LogMsg> original = RrdReader.readAll(Fixtures.rrd(Fixtures.FILE1), arrow.allocator());
        try {
            byte[] once = Messages.encode(original, Compression.LZ4);
            List<LogMsg> twice = Messages.decode(concat(once, once), arrow.allocator(), 0);
            try {
                assertThat(twice).hasSize(original.size() * 2);
            } finally {
                Messages.closeAll(twice);
            }
        } finally {
            Messages.closeAll(original);
        }
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }
}
