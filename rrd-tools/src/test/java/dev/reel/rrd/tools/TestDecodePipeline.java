package dev.reel.rrd.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.api.StoreId;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.LogMsg;
import dev.reel.rrd.RrdFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Messages decode on workers in any order; the reading thread hears of them in stream order. */
class TestDecodePipeline {
    private static LogMsg message(int index) {
        return new BlueprintActivationCommand(StoreId.blueprint("app", "bp-" + index), true, false);
    }

    private static int indexOf(LogMsg message) {
        String id = ((BlueprintActivationCommand) message).blueprintId().recordingId().toString();
        return Integer.parseInt(id.substring("bp-".length()));
    }

    @Test
    void messagesFinishingOutOfOrderAreDeliveredInStreamOrderBetweenTheOtherEvents() throws Exception {
        List<String> heard = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        try (DecodePipeline pipeline = new DecodePipeline()) {
            for (int i = 0; i < 500; i++) {
                int index = i;
                int sleepMicros = random.nextInt(300);
                pipeline.decode(() -> {
                    TimeUnit.MICROSECONDS.sleep(sleepMicros); // later messages often finish first
                    return message(index);
                }, 100, (message, error) -> heard.add("message " + indexOf(message)));
                expected.add("message " + i);
                if (i % 50 == 49) {
                    pipeline.then((none, error) -> heard.add("end " + index));
                    expected.add("end " + i);
                }
            }
            pipeline.drain();
        }
        assertThat(heard).containsExactlyElementsOf(expected);
    }

    @Test
    void aMessageThatFailsToDecodeIsHeardOfAtItsPlaceWithItsError() throws Exception {
        List<String> heard = new ArrayList<>();
        try (DecodePipeline pipeline = new DecodePipeline()) {
            for (int i = 0; i < 5; i++) {
                int index = i;
                pipeline.decode(() -> {
                    if (index == 2) {
                        throw new RrdFormatException(RrdFormatException.Kind.BAD_ARROW, "test", 200, "broken");
                    }
                    return message(index);
                }, 100, (message, error) -> heard.add(error != null ? "error " + error.kind()
                        : "message " + indexOf(message)));
            }
            pipeline.drain();
        }
        assertThat(heard).containsExactly("message 0", "message 1", "error BAD_ARROW", "message 3", "message 4");
    }

    /** All four share a batch: the first is delivered while the others still decode, not after them. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void aDeliveryThatThrowsStopsTheScanAndClosingDiscardsTheRest() throws Exception {
        List<Integer> heard = new ArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        DecodePipeline pipeline = new DecodePipeline();
        pipeline.decode(() -> message(0), 100, (message, error) -> {
            throw new IllegalStateException("the verb failed");
        });
        for (int i = 1; i < 4; i++) {
            int index = i;
            pipeline.decode(() -> {
                release.await(10, TimeUnit.SECONDS);
                return message(index);
            }, 100, (message, error) -> heard.add(indexOf(message)));
        }
        assertThatThrownBy(pipeline::drain).hasMessage("the verb failed");
        release.countDown();
        pipeline.close(); // waits for the three still decoding and drops them
        assertThat(heard).isEmpty();
    }
}
