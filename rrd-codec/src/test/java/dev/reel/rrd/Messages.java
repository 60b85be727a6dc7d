package dev.reel.rrd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.DecodeOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/** Helpers the codec tests share: encoding to bytes, decoding bytes, comparing message lists. */
final class Messages {
    private Messages() {}

    static byte[] encode(List<LogMsg> messages, Compression compression) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RrdEncoder encoder = new RrdEncoder(out, compression)) {
            for (LogMsg message : messages) {
                encoder.write(message);
            }
        }
        return out.toByteArray();
    }

    /** Decodes bytes pushed in slices of {@code sliceSize} (the whole input when 0). */
    static List<LogMsg> decode(byte[] bytes, BufferAllocator allocator, int sliceSize) throws IOException {
        List<LogMsg> messages = new ArrayList<>();
        RrdDecoder decoder = new RrdDecoder("test", allocator, DecodeOptions.DEFAULT);
        try {
            int step = sliceSize == 0 ? bytes.length : sliceSize;
            for (int i = 0; i < bytes.length; i += step) {
                decoder.push(ByteBuffer.wrap(bytes, i, Math.min(step, bytes.length - i)), messages::add);
            }
            decoder.finish(messages::add);
        } catch (IOException | RuntimeException e) {
            messages.forEach(LogMsg::close);
            throw e;
        }
        return messages;
    }

    /** Same messages: equal store infos and activation commands, Arrow messages with equal chunks. */
    static void assertSameMessages(List<LogMsg> actual, List<LogMsg> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            LogMsg a = actual.get(i);
            LogMsg e = expected.get(i);
            assertThat(a.kind()).as("message %d", i).isEqualTo(e.kind());
            assertThat(a.storeId()).as("message %d", i).isEqualTo(e.storeId());
            if (a instanceof ArrowMsg arrow) {
                ArrowMsg other = (ArrowMsg) e;
                assertThat(arrow.chunk().contentEquals(other.chunk()))
                        .as("chunk %s of message %d equals %s", arrow.chunk(), i, other.chunk()).isTrue();
            } else {
                assertThat(a).as("message %d", i).isEqualTo(e);
            }
        }
    }

    static void closeAll(List<? extends LogMsg> messages) {
        messages.forEach(LogMsg::close);
    }
}
