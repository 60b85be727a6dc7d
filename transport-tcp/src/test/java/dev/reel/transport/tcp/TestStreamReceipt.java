package dev.reel.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The producer's answer line, as {@code RrdTcpClient} and {@code RrdTcpSink} read it. */
class TestStreamReceipt {
    @Test
    void anOkLineCarriesTheMessagesAndBytesStored() throws IOException {
        StreamReceipt receipt = StreamReceipt.parse("OK 12 3456");
        assertThat(receipt).isEqualTo(StreamReceipt.ok(12, 3456));
        assertThat(receipt.isOk()).isTrue();
        assertThat(receipt).hasToString("OK 12 3456");
    }

    @Test
    void anErrorLineCarriesItsKindAndMessage() throws IOException {
        StreamReceipt receipt = StreamReceipt.parse("ERROR bad-chunk: at byte 12: no row ids");
        assertThat(receipt.isOk()).isFalse();
        assertThat(receipt.errorKind()).isEqualTo("bad-chunk");
        assertThat(receipt.errorMessage()).isEqualTo("at byte 12: no row ids");
        assertThat(receipt).hasToString("ERROR bad-chunk: at byte 12: no row ids");
    }

    @Test
    void anErrorLineWithoutAKindIsAnError() throws IOException {
        assertThat(StreamReceipt.parse("ERROR something went wrong"))
                .isEqualTo(StreamReceipt.error("error", "something went wrong"));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"OK", "OK 1", "OK 1 2 3", "OK one 2", "", "hello", "ok 1 2"})
    void anyOtherLineIsUnexpected(String line) {
        assertThatThrownBy(() -> StreamReceipt.parse(line)).isInstanceOf(IOException.class)
                .hasMessage("unexpected answer from the server: '" + line + "'");
    }

    @Test
    void anUnexpectedLongLineIsShortenedInTheError() {
        assertThatThrownBy(() -> StreamReceipt.parse("x".repeat(300))).isInstanceOf(IOException.class)
                .hasMessage("unexpected answer from the server: '" + "x".repeat(200) + "...'");
    }

    @Test
    void readingTakesTheFirstLine() throws IOException {
        assertThat(StreamReceipt.read(input("OK 1 2\nanything after"))).isEqualTo(StreamReceipt.ok(1, 2));
        assertThat(StreamReceipt.read(input("OK 1 2"))).as("closed after the line").isEqualTo(StreamReceipt.ok(1, 2));
    }

    @Test
    void aServerThatClosesWithoutAnswerOrWithAnEndlessLineIsAnError() {
        assertThatThrownBy(() -> StreamReceipt.read(input(""))).isInstanceOf(IOException.class)
                .hasMessage("the server closed the connection without answering");
        assertThatThrownBy(() -> StreamReceipt.read(input("x".repeat(StreamReceipt.MAX_LINE + 1))))
                .isInstanceOf(IOException.class).hasMessage("the server's answer is longer than 65536 bytes");
    }

    private static ByteArrayInputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
