package dev.reel.rrd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.testing.Fixtures;
import dev.reel.testing.LeakCheckingAllocator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A generated corpus of broken inputs (truncations at and inside every message, flipped bytes, huge lengths,
 * garbage) ends in a typed {@link RrdFormatException} with an offset, or decodes; never another exception, an
 * OutOfMemoryError, a hang or leaked Arrow memory. Messages before a fault are always delivered.
 */
class TestRrdHostileInput {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    /** Outcome of decoding one input: the messages delivered, and the error if any. */
    private record Outcome(int delivered, RrdFormatException error) {}

    private Outcome decode(byte[] bytes, int length) {
        List<LogMsg> messages = new ArrayList<>();
        RrdDecoder decoder = new RrdDecoder("corpus", arrow.allocator(), DecodeOptions.DEFAULT);
        try {
            decoder.push(ByteBuffer.wrap(bytes, 0, length), messages::add);
            decoder.finish(messages::add);
            return new Outcome(messages.size(), null);
        } catch (RrdFormatException e) {
            assertThat(e.offset()).as("error offset of %s", e.getMessage()).isBetween(0L, (long) length);
            assertThat(e.code()).isEqualTo(e.kind().code());
            return new Outcome(messages.size(), e);
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("untyped failure on a " + length + "-byte input: " + e, e);
        } finally {
            Messages.closeAll(messages);
        }
    }

    /** The messages of a valid input (not their content), as framed. */
    private static List<RrdFrame> frames(byte[] bytes) throws IOException {
        List<RrdFrame> frames = new ArrayList<>();
        new RrdStreamDecoder("scan", Integer.MAX_VALUE).push(ByteBuffer.wrap(bytes), frames::add);
        return frames;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Fixtures.FILE1, Fixtures.BLUEPRINT_RRB, Fixtures.TEXT_LOG_0_31})
    void truncationAtAndInsideEveryMessageDeliversWhatIsCompleteThenFailsTyped(String fixture) throws IOException {
        byte[] bytes = Fixtures.bytes(fixture);
        List<RrdFrame> frames = frames(bytes);
        for (int m = 0; m < frames.size(); m++) {
            int start = (int) frames.get(m).offset();
            int end = start + RrdFrame.HEADER_SIZE + frames.get(m).payload().length;
            // at the boundary a footer-less stream can legally end: the messages before it decode
            Outcome atBoundary = decode(bytes, start);
            assertThat(atBoundary.delivered()).as("cut at %d", start).isEqualTo(m);
            for (int cut : new int[] {start + 1, start + 8, start + 15, start + 16, start + 17, (start + end) / 2,
                end - 1}) {
                if (cut <= start || cut >= end) {
                    continue;
                }
                Outcome inside = decode(bytes, cut);
                assertThat(inside.error()).as("cut at %d inside message %d", cut, m).isNotNull();
                assertThat(inside.error().kind()).as("cut at %d", cut).isEqualTo(RrdFormatException.Kind.TRUNCATED);
                assertThat(inside.delivered()).as("cut at %d", cut).isEqualTo(m);
            }
        }
        for (int cut = 1; cut < 12; cut++) {
            assertThat(decode(bytes, cut).error()).as("cut inside the stream header").isNotNull();
        }
    }

    @Test
    void truncatedFooterIsReported() throws IOException {
        byte[] bytes = Fixtures.bytes(Fixtures.FILE1);
        Outcome cut = decode(bytes, bytes.length - 5);
        assertThat(cut.error().kind()).isEqualTo(RrdFormatException.Kind.TRUNCATED);
        assertThat(cut.delivered()).isEqualTo(17);
    }

    @Test
    void aFooterWhoseChecksumFailsIsATypedError() {
        byte[] bytes = Fixtures.bytes(Fixtures.FILE1);
        bytes[bytes.length - 16] ^= 0x01; // inside the stored xxh32
        Outcome outcome = decode(bytes, bytes.length);
        assertThat(outcome.error().kind()).isEqualTo(RrdFormatException.Kind.FOOTER_CHECKSUM);
        assertThat(outcome.error().offset()).isEqualTo(bytes.length - 32);
        assertThat(outcome.delivered()).isEqualTo(17);

        byte[] corruptFooterPayload = Fixtures.bytes(Fixtures.FILE1);
        corruptFooterPayload[25_000] ^= 0x40; // inside the End message's manifest
        assertThat(decode(corruptFooterPayload, corruptFooterPayload.length).error().kind())
                .isEqualTo(RrdFormatException.Kind.FOOTER_CHECKSUM);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Fixtures.FILE1, Fixtures.BLUEPRINT_0_30})
    void flippedBytesNeverEndInAnUntypedError(String fixture) {
        byte[] original = Fixtures.bytes(fixture);
        Random random = new Random(42);
        int variants = 1500;
        int errors = 0;
        for (int i = 0; i < variants; i++) {
            byte[] bytes = original.clone();
            int position = random.nextInt(bytes.length);
            bytes[position] ^= (byte) (1 << random.nextInt(8));
            if (decode(bytes, bytes.length).error() != null) {
                errors++;
            }
        }
        // most flips land in Arrow values or LZ4 literals and decode; many must still be caught
        assertThat(errors).isPositive();
    }

    @Test
    void hugeDeclaredLengthsAreRejectedBeforeAnyAllocation() {
        byte[] bytes = Fixtures.bytes(Fixtures.FILE1);
        int lengthField = 124 + 8; // the second message's header: kind at 124, length at 132
        for (long declared : new long[] {1L << 40, Long.MAX_VALUE, -1L, (1L << 31) - 1}) {
            byte[] hostile = bytes.clone();
            ByteBuffer.wrap(hostile).order(ByteOrder.LITTLE_ENDIAN).putLong(lengthField, declared);
            Outcome outcome = decode(hostile, hostile.length);
            assertThat(outcome.error().kind()).as("declared %d", declared)
                    .isEqualTo(RrdFormatException.Kind.MESSAGE_TOO_LARGE);
            assertThat(outcome.error().offset()).isEqualTo(124);
            assertThat(outcome.delivered()).isEqualTo(1);
        }
    }

    @Test
    void aLengthBelowTheLimitButBeyondTheDataWaitsThenReportsTruncation() {
        byte[] bytes = Fixtures.bytes(Fixtures.FILE1);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(132, 900L << 20);
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        Outcome outcome = decode(bytes, bytes.length);
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(outcome.error().kind()).isEqualTo(RrdFormatException.Kind.TRUNCATED);
        assertThat(after - before).as("heap grown for a 900 MiB claim").isLessThan(64L << 20);
    }

    @Test
    void aFileMessageLongerThanTheFileIsRejectedBeforeAllocation(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp)
            throws IOException {
        byte[] bytes = Fixtures.bytes(Fixtures.FILE1);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(132, 100L << 20);
        java.nio.file.Path file = temp.resolve("claims-100MiB.rrd");
        java.nio.file.Files.write(file, bytes);
        List<LogMsg> delivered = new ArrayList<>();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RrdReader.read(file, arrow.allocator(),
                    DecodeOptions.DEFAULT, delivered::add))
                    .isInstanceOfSatisfying(RrdFormatException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RrdFormatException.Kind.MESSAGE_TOO_LARGE);
                        assertThat(e.offset()).isEqualTo(124);
                        assertThat(e.getMessage()).contains("claims-100MiB.rrd");
                    });
            assertThat(delivered).hasSize(1);
        } finally {
            Messages.closeAll(delivered);
        }
    }

    @Test
    void garbageAndOtherFormatsAreNotAnRrd() {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        assertThat(decode(garbage, garbage.length).error().kind()).isEqualTo(RrdFormatException.Kind.NOT_AN_RRD);
        byte[] mcap = {(byte) 0x89, 'M', 'C', 'A', 'P', '0', '\r', '\n', 0, 0, 0, 0};
        assertThat(decode(mcap, mcap.length).error().kind()).isEqualTo(RrdFormatException.Kind.NOT_AN_RRD);
        byte[] old = {'R', 'R', 'F', '1', 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(decode(old, old.length).error().kind()).isEqualTo(RrdFormatException.Kind.OLD_RRD_VERSION);
        assertThat(decode(new byte[0], 0).error().kind()).isEqualTo(RrdFormatException.Kind.NOT_AN_RRD);
    }

    @Test
    void garbageAfterACompleteStreamIsReportedAfterItsMessages() {
        byte[] bytes = TestRrdRoundTrip.concat(Fixtures.bytes(Fixtures.TEXT_LOG_0_31), "trailing junk!!!".getBytes());
        Outcome outcome = decode(bytes, bytes.length);
        assertThat(outcome.delivered()).isEqualTo(4);
        assertThat(outcome.error().kind()).isEqualTo(RrdFormatException.Kind.NOT_AN_RRD);
        assertThat(outcome.error().offset()).isEqualTo(Fixtures.bytes(Fixtures.TEXT_LOG_0_31).length);
    }

    @Test
    void unknownOptionsAreRejected() {
        byte[] bytes = Fixtures.bytes(Fixtures.FILE1);
        bytes[10] = 1;
        assertThat(decode(bytes, bytes.length).error().kind()).isEqualTo(RrdFormatException.Kind.INVALID_OPTIONS);
        bytes = Fixtures.bytes(Fixtures.FILE1);
        bytes[9] = 1;
        assertThat(decode(bytes, bytes.length).error().kind())
                .isEqualTo(RrdFormatException.Kind.MSGPACK_NOT_SUPPORTED);
    }

    @Test
    void theSerializerIsCheckedBeforeTheVersionAsRerunDoes() {
        byte[] msgpack = {'R', 'R', 'F', '2', 0, 22, 1, 0, 1, 1, 0, 0};
        byte[] protobuf = {'R', 'R', 'F', '2', 0, 22, 1, 0, 1, 2, 0, 0};

        RrdFormatException msgpackError = decode(msgpack, msgpack.length).error();
        assertThat(msgpackError.kind()).isEqualTo(RrdFormatException.Kind.MSGPACK_NOT_SUPPORTED);
        assertThat(msgpackError.offset()).isZero();
        assertThat(msgpackError.getMessage()).contains("stream was written by Rerun 0.22.1 with the MsgPack serializer");
        assertThat(decode(protobuf, protobuf.length).error().kind())
                .isEqualTo(RrdFormatException.Kind.INCOMPATIBLE_VERSION);
    }
}
