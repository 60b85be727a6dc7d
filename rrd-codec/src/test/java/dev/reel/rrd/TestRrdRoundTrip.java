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

    /**
     * Rerun lets each message say whether its Arrow data is LZ4-compressed (rerun-rrd-format.md §3); Reel skips LZ4
     * for a large chunk whose data does not compress (a probe of its end), and keeps it for all others.
     */
    @Test
    void largeIncompressibleChunksAreWrittenUncompressedAndTheRestWithLz4() throws Exception {
        byte[] noise = new byte[1 << 20];
        new java.util.Random(7).nextBytes(noise);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (dev.reel.rrd.sdk.RecordingStream rec = dev.reel.rrd.sdk.RecordingStream.builder("compression")
                .logTime(false).allocator(arrow.allocator()).to(out)) {
            rec.setTime("frame", 0);
            rec.log("camera/noise", dev.reel.rrd.sdk.EncodedImage.of(noise, "image/jpeg"));
            rec.log("camera/flat", dev.reel.rrd.sdk.EncodedImage.of(new byte[1 << 20], "image/jpeg"));
            rec.log("speed", dev.reel.rrd.sdk.Scalars.of(1.5));
        }
        byte[] rrd = out.toByteArray();
        List<Integer> compressions = new ArrayList<>();
        long uncompressedNoise = 0;
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(rrd).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int at = 12; at + 16 <= rrd.length;) {
            long kind = bytes.getLong(at);
            int length = (int) bytes.getLong(at + 8);
            if (kind == 2) {
                var message = dev.reel.rrd.proto.logmsg.ArrowMsg.parseFrom(
                        java.util.Arrays.copyOfRange(rrd, at + 16, at + 16 + length));
                compressions.add(message.getCompressionValue());
                if (message.getCompressionValue() == 1) {
                    uncompressedNoise = message.getPayload().size();
                }
            } else if (kind != 1 && kind != 3) {
                break; // the footer
            }
            at += 16 + length;
        }
        // 1 = none, 2 = LZ4: the noise goes uncompressed, the zeros and the scalar with LZ4
        assertThat(compressions).containsExactlyInAnyOrder(1, 2, 2);
        assertThat(uncompressedNoise).isGreaterThan(1 << 20);
        // the noise with its validity bitmap (an eighth of it), the zeros in about 4 KB
        assertThat(rrd.length).isBetween(1 << 20, (1 << 20) + (1 << 18));
        List<LogMsg> decoded = Messages.decode(rrd, arrow.allocator(), 0);
        assertThat(decoded.stream().filter(m -> m instanceof dev.reel.api.log.ArrowMsg)).hasSize(3);
        decoded.forEach(LogMsg::close);
    }
}
