package dev.reel.testing;

import static dev.reel.testing.MessageAssertions.assertSameMessages;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.api.spi.LogMsgSink;
import dev.reel.api.spi.RecordingCodec;
import dev.reel.api.spi.RecordingDecoder;
import dev.reel.api.spi.RecordingEncoder;
import dev.reel.api.spi.RecordingFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rules every {@link RecordingCodec} follows, with the {@link RecordingEncoder}s and
 * {@link RecordingDecoder}s it makes. A codec's test extends this class and names the codec, so that a
 * third-party codec runs the same tests as Reel's own:
 *
 * <pre>{@code
 * class TestMyCodecContract extends RecordingCodecContract {
 *     @Override
 *     protected RecordingCodec codec() {
 *         return new MyCodec();
 *     }
 * }
 * }</pre>
 *
 * <p>The suite writes messages with {@link RecordingCodec#newEncoder} and reads them back with
 * {@link RecordingCodec#newDecoder}, pushing the bytes in slices of every size from one byte to the whole
 * stream; it cuts the stream inside messages, corrupts one message, and feeds garbage and empty input, and checks
 * the typed errors ({@link RecordingFormatException#code()} and {@link RecordingFormatException#offset()}).
 * Every test fails if Arrow memory is left allocated ({@link LeakCheckingAllocator}). The messages written are
 * those of two {@link SampleRecording}s in one stream unless {@link #messages} is overridden.
 *
 * <p>What the suite assumes of a format: a decoder hands a message to its sink during the {@code push} that
 * brings the message's last byte, and messages follow one another without gaps, so a message starts where the
 * one before it ends (the offset its errors report).
 */
public abstract class RecordingCodecContract {
    private static final String SOURCE = "contract input";

    @RegisterExtension
    protected final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    /** The codec under test. */
    protected abstract RecordingCodec codec();

    /**
     * Valid messages to write and read back, owned by the caller. By default two recordings of different
     * applications, each with its blueprint ({@link SampleRecording#twoRecordings}); it must hold at least two
     * messages and an Arrow message after the first.
     */
    protected List<LogMsg> messages(BufferAllocator allocator) {
        return SampleRecording.twoRecordings(allocator);
    }

    /**
     * Damages the message in {@code stream[start, end)} so that it no longer decodes while the stream's framing
     * stays intact: by default its middle half is overwritten with {@code 0xFF}. Override if that can still
     * decode in your format (a decoder must then report the message as skipped, or fail, at {@code start}).
     */
    protected void corrupt(byte[] stream, int start, int end) {
        int quarter = (end - start) / 4;
        Arrays.fill(stream, start + quarter, end - quarter, (byte) 0xFF);
    }

    @Test
    void nameAndFileExtensionsAreSet() {
        assertThat(codec().name()).isNotBlank();
        assertThat(codec().fileExtensions()).isNotEmpty()
                .allSatisfy(extension -> assertThat(extension).as("without a dot, lower case").matches("[a-z0-9]+"));
    }

    @Test
    void messagesWrittenAreReadBackEqual() throws IOException {
        try (Sample sample = sample(); Decoded decoded = decode(sample.stream(), sample.stream().length,
                sample.stream().length, DecodeOptions.DEFAULT)) {
            assertThat(decoded.failure()).isNull();
            assertSameMessages(decoded.messages(), sample.messages());
            assertThat(decoded.position()).as("position after finish").isEqualTo(sample.stream().length);
        }
    }

    @Test
    void decodingDoesNotDependOnHowTheBytesArrive() throws IOException {
        try (Sample sample = sample()) {
            byte[] stream = sample.stream();
            for (int slice = 1; slice <= stream.length; slice++) {
                try (Decoded decoded = decode(stream, stream.length, slice, DecodeOptions.DEFAULT)) {
                    assertThat(decoded.failure()).as("slices of %d bytes", slice).isNull();
                    assertSameMessages(decoded.messages(), sample.messages());
                }
            }
        }
    }

    @Test
    void everyMessageReachesTheSinkWithTheBytesThatCompleteIt() throws IOException {
        try (Sample sample = sample(); Decoded decoded = decode(sample.stream(), sample.stream().length, 1,
                DecodeOptions.DEFAULT)) {
            assertThat(decoded.ends()).as("messages delivered by push, before finish")
                    .hasSameSizeAs(sample.messages()).isSorted().doesNotHaveDuplicates();
            assertThat(decoded.ends().get(decoded.ends().size() - 1)).isLessThanOrEqualTo(sample.stream().length);
        }
    }

    @Test
    void aStreamCutInsideAMessageFailsAtThatMessagesStart() throws IOException {
        try (Sample sample = sample()) {
            List<Long> ends = messageEnds(sample.stream());
            Set<String> codes = new HashSet<>();
            for (int message = 1; message < ends.size(); message++) {
                long start = ends.get(message - 1);
                long end = ends.get(message);
                for (long cut : new long[] {start + 1, (start + end) / 2, end - 1}) {
                    try (Decoded decoded = decode(sample.stream(), (int) cut, (int) cut, DecodeOptions.DEFAULT)) {
                        RecordingFormatException failure = decoded.failure();
                        assertThat(failure).as("message %d cut at byte %d", message, cut).isNotNull();
                        assertThat(failure.offset()).as("message %d cut at byte %d", message, cut).isEqualTo(start);
                        assertThat(failure.source()).isEqualTo(SOURCE);
                        assertThat(failure.getMessage()).startsWith(SOURCE + ": at byte " + start + ": ");
                        assertThat(decoded.messages()).hasSize(message);
                        codes.add(failure.code());
                    }
                }
            }
            assertThat(codes).as("one code for a stream cut anywhere").hasSize(1)
                    .allSatisfy(code -> assertThat(code).matches("[a-z][a-z0-9-]*"));
        }
    }

    @Test
    void garbageFailsWithATypedErrorAtOffsetZero() throws IOException {
        byte[] garbage = "This is not a recording, only some text. ".repeat(100).getBytes(StandardCharsets.UTF_8);
        try (Decoded decoded = decode(garbage, garbage.length, 1000, DecodeOptions.DEFAULT)) {
            assertThat(decoded.failure()).isNotNull();
            assertThat(decoded.failure().offset()).isZero();
            assertThat(decoded.failure().code()).matches("[a-z][a-z0-9-]*");
            assertThat(decoded.messages()).isEmpty();
        }
    }

    @Test
    void anEmptyInputFails() throws IOException {
        try (Decoded decoded = decode(new byte[0], 0, 1, DecodeOptions.DEFAULT)) {
            assertThat(decoded.failure()).isNotNull();
            assertThat(decoded.failure().code()).matches("[a-z][a-z0-9-]*");
        }
    }

    @Test
    void continueOnErrorSkipsACorruptedMessageAndDeliversTheRest() throws IOException {
        try (Sample sample = sample()) {
            Corruption corruption = corruptOneMessage(sample);
            try (Decoded decoded = decode(corruption.stream(), corruption.stream().length, 4096,
                    DecodeOptions.DEFAULT.withContinueOnError(true))) {
                assertThat(decoded.failure()).isNull();
                assertThat(decoded.skipped()).singleElement()
                        .satisfies(skipped -> assertThat(skipped.offset()).isEqualTo(corruption.start()));
                List<LogMsg> rest = new ArrayList<>(sample.messages());
                rest.remove(corruption.message());
                assertSameMessages(decoded.messages(), rest);
            }
        }
    }

    @Test
    void withoutContinueOnErrorACorruptedMessageStopsDecodingAtItsStart() throws IOException {
        try (Sample sample = sample()) {
            Corruption corruption = corruptOneMessage(sample);
            try (Decoded decoded = decode(corruption.stream(), corruption.stream().length, 4096,
                    DecodeOptions.DEFAULT)) {
                assertThat(decoded.failure()).isNotNull();
                assertThat(decoded.failure().offset()).isEqualTo(corruption.start());
                assertSameMessages(decoded.messages(), sample.messages().subList(0, corruption.message()));
            }
        }
    }

    /** The messages to write and the stream the codec wrote of them; closing releases the messages. */
    private record Sample(List<LogMsg> messages, byte[] stream) implements AutoCloseable {
        @Override
        public void close() {
            messages.forEach(LogMsg::close);
        }
    }

    private Sample sample() throws IOException {
        List<LogMsg> messages = messages(arrow.allocator());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RecordingEncoder encoder = codec().newEncoder(out);
            try (encoder) {
                for (LogMsg message : messages) {
                    encoder.write(message);
                }
            }
            assertThat(encoder.position()).as("encoder position after close").isEqualTo(out.size());
            return new Sample(messages, out.toByteArray());
        } catch (IOException | RuntimeException | AssertionError e) {
            messages.forEach(LogMsg::close);
            throw e;
        }
    }

    /**
     * What a decoder made of an input: the messages it delivered (owned here: closing releases them), the bad
     * messages it skipped, the position after the push that delivered each message, and the error it stopped
     * with (null if none).
     */
    private record Decoded(List<LogMsg> messages, List<RecordingFormatException> skipped, List<Long> ends,
            RecordingFormatException failure, long position) implements AutoCloseable {
        @Override
        public void close() {
            messages.forEach(LogMsg::close);
        }
    }

    /** Decodes {@code bytes[0, length)} pushed in slices of {@code slice} bytes, then finishes. */
    private Decoded decode(byte[] bytes, int length, int slice, DecodeOptions options) throws IOException {
        List<LogMsg> messages = new ArrayList<>();
        List<RecordingFormatException> skipped = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        LogMsgSink sink = new LogMsgSink() {
            @Override
            public void accept(LogMsg message) {
                messages.add(message);
            }

            @Override
            public void skipped(RecordingFormatException error) {
                skipped.add(error);
            }
        };
        try (RecordingDecoder decoder = codec().newDecoder(SOURCE, arrow.allocator(), options)) {
            try {
                for (int at = 0; at < length; at += slice) {
                    ByteBuffer piece = ByteBuffer.wrap(bytes, at, Math.min(slice, length - at));
                    decoder.push(piece, sink);
                    assertThat(piece.hasRemaining()).as("push consumes the whole slice").isFalse();
                    assertThat(decoder.position()).as("position after a push").isEqualTo(piece.limit());
                    while (ends.size() < messages.size() + skipped.size()) {
                        ends.add(decoder.position());
                    }
                }
                decoder.finish(sink);
            } catch (RecordingFormatException e) {
                return new Decoded(messages, skipped, ends, e, decoder.position());
            } catch (IOException | RuntimeException | AssertionError e) {
                messages.forEach(LogMsg::close);
                throw e;
            }
            return new Decoded(messages, skipped, ends, null, decoder.position());
        }
    }

    /** Where each message of a valid stream ends: the position after the byte that completes it. */
    private List<Long> messageEnds(byte[] stream) throws IOException {
        try (Decoded decoded = decode(stream, stream.length, 1, DecodeOptions.DEFAULT)) {
            assertThat(decoded.failure()).isNull();
            return decoded.ends();
        }
    }

    /** A copy of a stream with one message {@linkplain #corrupt corrupted}: its index and where it starts. */
    private record Corruption(byte[] stream, int message, long start) {}

    /** Corrupts the largest Arrow message after the first message. */
    private Corruption corruptOneMessage(Sample sample) throws IOException {
        List<LogMsg> messages = sample.messages();
        int victim = -1;
        for (int i = 1; i < messages.size(); i++) {
            if (messages.get(i) instanceof ArrowMsg arrow && (victim < 0
                    || arrow.chunk().sizeBytes() > ((ArrowMsg) messages.get(victim)).chunk().sizeBytes())) {
                victim = i;
            }
        }
        assertThat(victim).as("an Arrow message after the first message").isPositive();
        List<Long> ends = messageEnds(sample.stream());
        byte[] corrupted = sample.stream().clone();
        corrupt(corrupted, Math.toIntExact(ends.get(victim - 1)), Math.toIntExact(ends.get(victim)));
        return new Corruption(corrupted, victim, ends.get(victim - 1));
    }
}
