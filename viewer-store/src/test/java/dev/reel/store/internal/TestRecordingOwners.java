package dev.reel.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.ApplicationId;
import dev.reel.api.RecordingId;
import dev.reel.api.StoreId;
import dev.reel.api.StoreKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TestRecordingOwners {
    private static final List<String> MEMBERS = List.of("node-a", "node-b", "node-c", "node-d");

    private static String key(int recording) {
        return RecordingOwners.key(new StoreId(StoreKind.RECORDING, ApplicationId.of("fleet"),
                RecordingId.of("robot-" + recording)));
    }

    @Test
    void everyNodePicksTheSameOwnerWhateverOrderItSeesTheMembersIn() {
        for (int i = 0; i < 100; i++) {
            assertThat(RecordingOwners.rendezvous(key(i), List.of("node-d", "node-b", "node-a", "node-c")))
                    .isEqualTo(RecordingOwners.rendezvous(key(i), MEMBERS));
        }
    }

    @Test
    void recordingsSpreadEvenlyOverTheMembers() {
        Map<String, Integer> owned = new HashMap<>();
        IntStream.range(0, 4_000).forEach(i -> owned.merge(RecordingOwners.rendezvous(key(i), MEMBERS), 1,
                Integer::sum));
        assertThat(owned).hasSize(4).allSatisfy((node, count) -> assertThat(count).isBetween(850, 1150));
    }

    @Test
    void aMemberLeavingMovesOnlyTheRecordingsItOwned() {
        List<String> survivors = List.of("node-a", "node-b", "node-d");
        for (int i = 0; i < 1_000; i++) {
            String before = RecordingOwners.rendezvous(key(i), MEMBERS);
            String after = RecordingOwners.rendezvous(key(i), survivors);
            if (!before.equals("node-c")) {
                assertThat(after).isEqualTo(before);
            }
        }
    }

    @Test
    void anApplicationsBlueprintsShareOneOwnerAndRecordingsHaveTheirOwn() {
        StoreId one = new StoreId(StoreKind.BLUEPRINT, ApplicationId.of("fleet"), RecordingId.of("bp-1"));
        StoreId two = new StoreId(StoreKind.BLUEPRINT, ApplicationId.of("fleet"), RecordingId.of("bp-2"));
        assertThat(RecordingOwners.key(one)).isEqualTo(RecordingOwners.key(two));
        assertThat(RecordingOwners.key(new StoreId(StoreKind.RECORDING, ApplicationId.of("fleet"),
                RecordingId.of("bp-1")))).isNotEqualTo(RecordingOwners.key(one));
    }
}
