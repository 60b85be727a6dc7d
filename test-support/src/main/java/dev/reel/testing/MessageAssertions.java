package dev.reel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.LogMsg;
import java.util.List;

/** Whether decoded messages are the ones written: what "reads back equal" means for Reel's messages. */
public final class MessageAssertions {
    private MessageAssertions() {}

    /** Same messages in the same order (see {@link #assertSameMessage}). */
    public static void assertSameMessages(List<? extends LogMsg> actual, List<? extends LogMsg> expected) {
        assertThat(actual).as("messages").hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            assertSameMessage(actual.get(i), expected.get(i), "message " + i);
        }
    }

    /**
     * Same kind and store; store infos and activation commands equal, Arrow messages with chunks equal by
     * {@link dev.reel.api.log.Chunk#contentEquals} (id, schema with metadata, values).
     */
    public static void assertSameMessage(LogMsg actual, LogMsg expected, String description) {
        assertThat(actual.kind()).as(description).isEqualTo(expected.kind());
        assertThat(actual.storeId()).as(description).isEqualTo(expected.storeId());
        if (actual instanceof ArrowMsg arrow) {
            ArrowMsg other = (ArrowMsg) expected;
            assertThat(arrow.chunk().contentEquals(other.chunk()))
                    .as("%s: chunk %s equals %s", description, arrow.chunk(), other.chunk()).isTrue();
        } else {
            assertThat(actual).as(description).isEqualTo(expected);
        }
    }
}
