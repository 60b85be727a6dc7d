package dev.reel.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.store.hub.StoreHubs;
import dev.reel.api.ApplicationId;
import dev.reel.api.EntityPath;
import dev.reel.api.StoreId;
import dev.reel.api.Timeline;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.StoreInfo;
import dev.reel.rrd.RrdReader;
import dev.reel.testing.Fixtures;
import dev.reel.testing.LeakCheckingAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pooling by store id, late sources, blueprint defaults and active clones (rerun-data-platform.md D.1, D.2). */
class TestStoreHub {
    private static final StoreId SHARED = StoreId.recording("shared_app", "shared_recording");

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    private StoreHub hub;

    @BeforeEach
    void createHub() {
        hub = StoreHubs.inMemory(StoreHubConfig.defaults().withChunkStore(ChunkStoreConfig.DISABLED), arrow.allocator());
    }

    @AfterEach
    void closeHub() {
        hub.close();
    }

    /**
     * Feeds a fixture, its store ids rewritten to {@code target} as {@code rrd route} would; returns its number
     * of temporal chunks.
     */
    private int ingestRouted(String fixture, StoreId target) throws Exception {
        List<LogMsg> messages = RrdReader.readAll(Fixtures.rrd(fixture), arrow.allocator());
        int chunks = 0;
        for (LogMsg message : messages) {
            if (message instanceof ArrowMsg arrowMsg) {
                chunks += arrowMsg.chunk().isStatic() ? 0 : 1;
                hub.ingest(new ArrowMsg(target, arrowMsg.chunk()), fixture);
            } else if (message instanceof SetStoreInfo info) {
                hub.ingest(new SetStoreInfo(info.rowId(), new StoreInfo(target, info.info().source(),
                        info.info().storeVersion())), fixture);
            }
        }
        return chunks;
    }

    @Test
    void twoFilesWithTheSameIdsPoolIntoOneRecording() throws Exception {
        int first = ingestRouted(Fixtures.FILE1, SHARED);
        int second = ingestRouted(Fixtures.FILE2, SHARED);
        List<StoreSummary> stores = hub.stores();
        assertThat(stores).hasSize(1);
        StoreSummary shared = stores.get(0);
        assertThat(shared.id()).isEqualTo(SHARED);
        assertThat(shared.sources()).containsExactlyInAnyOrder(Fixtures.FILE1, Fixtures.FILE2);
        // every temporal chunk of both files, and one static chunk per static entity: file2's /text1 and
        // /text2 were logged later (higher row ids) and shadow file1's, which are removed
        assertThat(shared.stats().chunks()).isEqualTo(first + second + 2);
        assertThat(shared.stats().staticChunks()).isEqualTo(2);
        assertThat(shared.stats().timelines()).containsKeys(Timeline.sequence("log_tick"), Timeline.logTime());
    }

    @Test
    void theSameRecordingIdUnderAnotherApplicationIsAnotherRecording() throws Exception {
        ingestRouted(Fixtures.FILE1, SHARED);
        ingestRouted(Fixtures.FILE2, StoreId.recording("other_app", "shared_recording"));
        assertThat(hub.stores()).hasSize(2);
    }

    @Test
    void aLateSourceAppendsToTheRecording() throws Exception {
        ingestRouted(Fixtures.FILE1, SHARED);
        long before = hub.summary(SHARED).orElseThrow().stats().rows();
        var tick = Timeline.sequence("log_tick");
        long maxBefore = hub.summary(SHARED).orElseThrow().stats().timelines().get(tick).max();
        ingestRouted(Fixtures.FILE2, SHARED);
        StoreStats after = hub.summary(SHARED).orElseThrow().stats();
        assertThat(after.rows()).isGreaterThan(before);
        assertThat(after.timelines().get(tick).max()).isGreaterThanOrEqualTo(maxBefore);
        ChunkStore store = hub.store(SHARED).orElseThrow();
        assertThat(store.latestAt(EntityPath.parse("/obj1"), "Points3D:positions", tick, Long.MAX_VALUE)).isPresent();
    }

    @Test
    void blueprintDefaultAndActiveFollowActivationCommands() throws Exception {
        List<LogMsg> messages = RrdReader.readAll(Fixtures.rrd(Fixtures.BLUEPRINT_0_30), arrow.allocator());
        StoreId blueprint = messages.get(0).storeId();
        ApplicationId app = blueprint.applicationId();
        for (LogMsg message : messages) {
            hub.ingest(message, "4seasons.rbl");
        }
        assertThat(hub.defaultBlueprint(app)).contains(blueprint);
        StoreId active = hub.activeBlueprint(app).orElseThrow();
        assertThat(active).as("the active blueprint is a clone").isNotEqualTo(blueprint);
        assertThat(active.isBlueprint()).isTrue();
        assertThat(hub.summary(active).orElseThrow().stats().chunks())
                .isEqualTo(hub.summary(blueprint).orElseThrow().stats().chunks());

        // a second activation replaces the clone; the default stays
        hub.ingest(new BlueprintActivationCommand(blueprint, true, false), "again");
        StoreId secondActive = hub.activeBlueprint(app).orElseThrow();
        assertThat(secondActive).isNotEqualTo(active);
        assertThat(hub.summary(active)).as("the replaced clone is dropped").isEmpty();
        assertThat(hub.defaultBlueprint(app)).contains(blueprint);
    }

    @Test
    void activationBeforeAnyStoreInfoIsIgnoredAsRerunDoes() {
        StoreId blueprint = StoreId.blueprint("app", "bp");
        hub.ingest(new BlueprintActivationCommand(blueprint, true, true), "early");
        assertThat(hub.defaultBlueprint(ApplicationId.of("app"))).isEmpty();
        assertThat(hub.activeBlueprint(ApplicationId.of("app"))).isEmpty();
    }

    @Test
    void recordingsShareTheirApplicationsBlueprint() throws Exception {
        List<LogMsg> messages = RrdReader.readAll(Fixtures.rrd(Fixtures.BLUEPRINT_RRB), arrow.allocator());
        for (LogMsg message : messages) {
            hub.ingest(message, "test.rrb");
        }
        // test.rrb has no store info for its blueprint: Rerun ignores its activation command
        assertThat(hub.defaultBlueprint(ApplicationId.of("test_app"))).isEmpty();
        hub.ingest(new SetStoreInfo(dev.reel.api.Tuid.next(), new StoreInfo(messages.get(0).storeId(),
                dev.reel.api.log.StoreSource.other("test"), java.util.Optional.empty())), "info");
        hub.ingest(new BlueprintActivationCommand(messages.get(0).storeId(), false, true), "activate");
        assertThat(hub.defaultBlueprint(ApplicationId.of("test_app"))).contains(messages.get(0).storeId());
        assertThat(hub.activeBlueprint(ApplicationId.of("test_app"))).isPresent();
    }

    @Test
    void aSnapshotWritesTheStoreInfoThenTheChunks() throws Exception {
        ingestRouted(Fixtures.FILE1, SHARED);
        List<String> kinds = new ArrayList<>();
        try (StoreSnapshot snapshot = hub.snapshot(ExportRequest.recording(SHARED))) {
            snapshot.messages().forEachRemaining(message -> kinds.add(message.kind().name()));
        }
        assertThat(kinds.get(0)).isEqualTo("SET_STORE_INFO");
        assertThat(kinds.subList(1, kinds.size())).containsOnly("ARROW_MSG").hasSize(16);
    }

    @Test
    void dropReleasesTheStore() throws Exception {
        ingestRouted(Fixtures.FILE1, SHARED);
        assertThat(hub.drop(SHARED)).isTrue();
        assertThat(hub.stores()).isEmpty();
        assertThat(hub.memory().arrowBytes()).isZero();
    }
}
