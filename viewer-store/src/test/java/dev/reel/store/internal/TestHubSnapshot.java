package dev.reel.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.StoreId;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.LogMsg;
import dev.reel.rrd.RrdCodec;
import dev.reel.store.ExportRequest;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.StoreSnapshot;
import dev.reel.store.hub.StoreHubs;
import dev.reel.testing.LeakCheckingAllocator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The one export path: what a snapshot holds, in which order, and how long its chunks live. */
class TestHubSnapshot {
    private static final StoreId RUN = StoreId.recording("snapshot_app", "run");
    private static final StoreId OTHER = StoreId.recording("other_app", "other");

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    private StoreHub hub;

    @BeforeEach
    void createHub() {
        hub = StoreHubs.inMemory(StoreHubConfig.defaults(), arrow.allocator());
    }

    @AfterEach
    void closeHub() {
        hub.close();
    }

    private long ingest(List<LogFrame> frames) throws Exception {
        long sequence = 0;
        RrdCodec codec = new RrdCodec();
        for (LogFrame frame : frames) {
            sequence = hub.ingest(codec.decode(frame, arrow.allocator()), "test");
        }
        return sequence;
    }

    /** Kind, store kind and, for chunks, static or temporal: the shape of an export. */
    private static List<String> shape(StoreSnapshot snapshot) {
        List<String> shape = new ArrayList<>();
        Iterator<LogMsg> messages = snapshot.messages();
        while (messages.hasNext()) {
            LogMsg message = messages.next();
            String what = message.kind() + " " + message.storeId().kind();
            if (message instanceof ArrowMsg arrowMsg) {
                what += arrowMsg.chunk().isStatic() ? " static" : " temporal";
            }
            if (shape.isEmpty() || !shape.get(shape.size() - 1).equals(what)) {
                shape.add(what);
            }
        }
        return shape;
    }

    @Test
    void aRecordingComesOutInRerunsOrderWithItsApplicationsBlueprintOnly() throws Exception {
        ingest(JournalFrames.recording("snapshot_app", "run", 50, true));
        ingest(JournalFrames.recording("other_app", "other", 5, true));
        try (StoreSnapshot snapshot = hub.snapshot(ExportRequest.recording(RUN))) {
            assertThat(shape(snapshot)).containsExactly("SET_STORE_INFO blueprint", "SET_STORE_INFO recording",
                    "ARROW_MSG blueprint temporal", "BLUEPRINT_ACTIVATION_COMMAND blueprint",
                    "ARROW_MSG recording static", "ARROW_MSG recording temporal");
        }
    }

    @Test
    void blueprintsAreActivatedAsInTheHubOrAllAsRrdMergeDoes() throws Exception {
        ingest(JournalFrames.recording("snapshot_app", "run", 5, true));
        ingest(JournalFrames.recording("snapshot_app", "run", 5, false));
        // a second blueprint, activated only: the first stays the default
        List<LogFrame> second = JournalFrames.recording("snapshot_app", "second", 1, true);
        RrdCodec codec = new RrdCodec();
        for (LogFrame frame : second) {
            LogMsg message = codec.decode(frame, arrow.allocator());
            if (message instanceof BlueprintActivationCommand command) {
                message = new BlueprintActivationCommand(command.blueprintId(), true, false);
            }
            hub.ingest(message, "test");
        }
        StoreId firstBlueprint = hub.defaultBlueprint(RUN.applicationId()).orElseThrow();
        List<BlueprintActivationCommand> asInHub = activations(ExportRequest.recording(RUN));
        assertThat(asInHub).hasSize(2);
        assertThat(asInHub).filteredOn(c -> c.blueprintId().equals(firstBlueprint)).singleElement()
                .satisfies(c -> assertThat(c.makeDefault()).isTrue()).satisfies(c -> assertThat(c.makeActive()).isFalse());
        assertThat(asInHub).filteredOn(c -> !c.blueprintId().equals(firstBlueprint)).singleElement()
                .satisfies(c -> assertThat(c.makeActive()).isTrue()).satisfies(c -> assertThat(c.makeDefault()).isFalse());
        assertThat(activations(ExportRequest.recording(RUN).withActivations(ExportRequest.Activations.EVERY_BLUEPRINT)))
                .hasSize(2).allSatisfy(c -> assertThat(c.makeActive() && c.makeDefault()).isTrue());
    }

    private List<BlueprintActivationCommand> activations(ExportRequest request) {
        List<BlueprintActivationCommand> commands = new ArrayList<>();
        try (StoreSnapshot snapshot = hub.snapshot(request)) {
            snapshot.messages().forEachRemaining(m -> {
                if (m instanceof BlueprintActivationCommand command) {
                    commands.add(command);
                }
            });
        }
        return commands;
    }

    @Test
    void aSnapshotHoldsExactlyTheMessagesUpToItsNumberAndOutlivesDrops() throws Exception {
        long sequence = ingest(JournalFrames.recording("snapshot_app", "run", 30, false));
        try (StoreSnapshot snapshot = hub.snapshot(ExportRequest.everything())) {
            assertThat(snapshot.sequence()).isEqualTo(sequence).isEqualTo(hub.sequence());
            ingest(JournalFrames.recording("other_app", "other", 30, false));
            hub.drop(RUN); // its chunks live on in the snapshot until read
            long rows = 0;
            Iterator<LogMsg> messages = snapshot.messages();
            while (messages.hasNext()) {
                LogMsg message = messages.next();
                assertThat(message.storeId()).isEqualTo(RUN);
                if (message instanceof ArrowMsg arrowMsg) {
                    rows += arrowMsg.chunk().numRows();
                }
            }
            assertThat(rows).isEqualTo(31);
        }
    }

    @Test
    void closingASnapshotHalfReadReleasesEveryChunk() throws Exception {
        ingest(JournalFrames.recording("snapshot_app", "run", 200, false));
        long before = arrow.allocator().getAllocatedMemory();
        StoreSnapshot snapshot = hub.snapshot(ExportRequest.everything());
        Iterator<LogMsg> messages = snapshot.messages();
        messages.next();
        messages.next();
        snapshot.close();
        hub.drop(RUN);
        assertThat(arrow.allocator().getAllocatedMemory()).isLessThan(before);
        assertThat(hub.memory().arrowBytes()).isZero();
    }
}
