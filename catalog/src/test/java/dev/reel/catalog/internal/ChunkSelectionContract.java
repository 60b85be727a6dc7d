package dev.reel.catalog.internal;

import static dev.reel.catalog.internal.MetadataRecords.T0;
import static dev.reel.catalog.internal.MetadataRecords.dataset;
import static dev.reel.catalog.internal.MetadataRecords.frames;
import static dev.reel.catalog.internal.MetadataRecords.id;
import static dev.reel.catalog.internal.MetadataRecords.layer;
import static dev.reel.catalog.internal.MetadataRecords.logTime;
import static dev.reel.catalog.internal.MetadataRecords.staticChunk;
import static dev.reel.catalog.internal.MetadataRecords.temporalChunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.api.ChunkId;
import dev.reel.api.SegmentId;
import dev.reel.catalog.CatalogException;
import dev.reel.catalog.Entry;
import dev.reel.catalog.internal.CatalogRecords.ChunkRecord;
import dev.reel.catalog.internal.CatalogRecords.ChunkSelection;
import dev.reel.catalog.internal.CatalogRecords.SelectedChunk;
import dev.reel.catalog.internal.CatalogRecords.TimePoint;
import dev.reel.catalog.internal.CatalogRecords.TimelineSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The part of {@link MetadataStoreContract} about {@link MetadataStore#chunks}: which chunks a selection finds
 * (rerun-data-platform.md B.2) and in which order; also the store's life cycle for the tests.
 */
abstract class ChunkSelectionContract {
    private final List<MetadataStore> opened = new ArrayList<>();

    // Two segments; in "a" the layer "base" holds, in file order:
    private ChunkRecord camStatic;   // static /cam
    private ChunkRecord camEarly;    // /cam, frame 0..10
    private ChunkRecord camMiddle;   // /cam, frame 11..20, log_time 100..200
    private ChunkRecord camLate;     // /cam, frame 21..30
    private ChunkRecord imuLogOnly;  // /imu, log_time 50..60 only
    private ChunkRecord imuStatic;   // static /imu
    // and "b", layer "base", registered later than layer "extra" of "a":
    private ChunkRecord bCam;        // /cam, frame 5..5
    private ChunkRecord aExtra;      // layer "extra" of "a": /cam, frame 0..0
    private Entry dataset;

    /**
     * Opens the test's store: empty at the first call of a test; a later call, after the store was closed, opens
     * the same data again.
     */
    protected abstract MetadataStore openStore() throws Exception;

    protected final MetadataStore store() throws Exception {
        if (opened.isEmpty()) {
            opened.add(openStore());
        }
        return opened.get(opened.size() - 1);
    }

    /** Closes the store and opens it again: what was committed must be there. */
    protected final MetadataStore reopen() throws Exception {
        store().close();
        opened.add(openStore());
        return store();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(MetadataStore::close);
    }

    protected final Entry createDataset(String name) throws Exception {
        Entry created = dataset(name);
        store().createEntries(List.of(created));
        return created;
    }

    @BeforeEach
    void recordings() {
        camStatic = staticChunk("/cam", 16);
        camEarly = temporalChunk("/cam", 200, frames(0, 10));
        camMiddle = temporalChunk("/cam", 400, frames(11, 20), logTime(100, 200));
        camLate = temporalChunk("/cam", 600, frames(21, 30));
        imuLogOnly = temporalChunk("/imu", 800, logTime(50, 60));
        imuStatic = staticChunk("/imu", 1000);
        bCam = temporalChunk("/cam", 16, frames(5, 5));
        aExtra = temporalChunk("/cam", 16, frames(0, 0));
    }

    /** The dataset above; chunks listed out of file order, which the store must not keep. */
    private Entry selectionDataset() throws Exception {
        dataset = createDataset("selection");
        store().putLayers(dataset.id(), List.of(
                layer(dataset.id(), id("b", "base"), T0.plusSeconds(2), List.of(bCam)),
                layer(dataset.id(), id("a", "base"), T0, List.of(camLate, imuStatic, camStatic, camEarly,
                        imuLogOnly, camMiddle)),
                layer(dataset.id(), id("a", "extra"), T0.plusSeconds(1), List.of(aExtra))), T0);
        return dataset;
    }

    private List<ChunkId> select(Set<String> segments, Set<String> entities, boolean includeStatic,
            boolean includeTemporal, TimePoint latestAt, TimelineSpan range) throws Exception {
        Set<SegmentId> ids = new java.util.HashSet<>();
        segments.forEach(s -> ids.add(SegmentId.of(s)));
        return chunkIds(store().chunks(dataset.id(), new ChunkSelection(ids, entities, includeStatic, includeTemporal,
                Optional.ofNullable(latestAt), Optional.ofNullable(range))));
    }

    private static List<ChunkId> ids(ChunkRecord... chunks) {
        return java.util.Arrays.stream(chunks).map(ChunkRecord::id).toList();
    }

    @Test
    void withoutATimeConditionEveryChunkMatchesBySegmentThenLayerThenOffset() throws Exception {
        selectionDataset();
        assertThat(select(Set.of(), Set.of(), true, true, null, null)).containsExactlyElementsOf(ids(camStatic,
                camEarly, camMiddle, camLate, imuLogOnly, imuStatic, aExtra, bCam));
        List<SelectedChunk> all = store().chunks(dataset.id(), ChunkSelection.all());
        assertThat(all.get(0).layer()).isEqualTo(id("a", "base"));
        assertThat(all.get(0).storageUrl()).endsWith("a.base.rrd");
        assertThat(all.get(2).chunk()).usingRecursiveComparison().isEqualTo(camMiddle);
    }

    @Test
    void latestAtFindsChunksWithDataAtOrBeforeTheTimeAndStaticOnes() throws Exception {
        selectionDataset();
        assertThat(select(Set.of("a"), Set.of(), true, true, new TimePoint("frame", 15), null))
                .containsExactlyElementsOf(ids(camStatic, camEarly, camMiddle, imuStatic, aExtra));
        assertThat(select(Set.of("a"), Set.of(), true, true, new TimePoint("frame", 11), null))
                .containsExactlyElementsOf(ids(camStatic, camEarly, camMiddle, imuStatic, aExtra));
        assertThat(select(Set.of("a"), Set.of(), true, true, new TimePoint("frame", -1), null))
                .containsExactlyElementsOf(ids(camStatic, imuStatic));
        assertThat(select(Set.of("a"), Set.of(), false, true, new TimePoint("frame", 15), null))
                .containsExactlyElementsOf(ids(camEarly, camMiddle, aExtra));
        // a timeline no chunk has: only static data is relevant
        assertThat(select(Set.of("a"), Set.of(), true, true, new TimePoint("nowhere", 15), null))
                .containsExactlyElementsOf(ids(camStatic, imuStatic));
    }

    @Test
    void rangeFindsChunksThatMeetItBothEndsIncluded() throws Exception {
        selectionDataset();
        assertThat(select(Set.of("a"), Set.of("/cam"), true, true, null, new TimelineSpan("frame", 12, 22)))
                .containsExactlyElementsOf(ids(camStatic, camMiddle, camLate));
        assertThat(select(Set.of("a"), Set.of("/cam"), false, true, null, new TimelineSpan("frame", 20, 20)))
                .containsExactlyElementsOf(ids(camMiddle));
        assertThat(select(Set.of("a"), Set.of("/cam"), false, true, null, new TimelineSpan("frame", 21, 21)))
                .containsExactlyElementsOf(ids(camLate));
        assertThat(select(Set.of("a"), Set.of("/cam"), false, true, null, new TimelineSpan("frame", 10, 11)))
                .containsExactlyElementsOf(ids(camEarly, camMiddle));
        assertThat(select(Set.of("a"), Set.of("/cam"), false, true, null, new TimelineSpan("frame", 31, 99)))
                .isEmpty();
    }

    @Test
    void latestAtAndRangeAreOred() throws Exception {
        selectionDataset();
        assertThat(select(Set.of("a"), Set.of(), false, true, new TimePoint("frame", 5),
                new TimelineSpan("log_time", 55, 55))).containsExactlyElementsOf(ids(camEarly, imuLogOnly, aExtra));
    }

    @Test
    void staticAndTemporalDataCanBeLeftOut() throws Exception {
        selectionDataset();
        assertThat(select(Set.of("a"), Set.of(), true, false, new TimePoint("frame", 100), null))
                .containsExactlyElementsOf(ids(camStatic, imuStatic));
        assertThat(select(Set.of("a"), Set.of(), false, true, null, null))
                .containsExactlyElementsOf(ids(camEarly, camMiddle, camLate, imuLogOnly, aExtra));
        assertThat(select(Set.of(), Set.of(), false, false, null, null)).isEmpty();
    }

    @Test
    void segmentsAndEntitiesNarrowTheSelectionStaticOnesIncluded() throws Exception {
        selectionDataset();
        assertThat(select(Set.of("a"), Set.of("/imu"), true, true, new TimePoint("frame", 100), null))
                .containsExactlyElementsOf(ids(imuStatic));
        assertThat(select(Set.of(), Set.of("/cam"), true, true, new TimePoint("frame", 5), null))
                .containsExactlyElementsOf(ids(camStatic, camEarly, aExtra, bCam));
        assertThat(select(Set.of("b", "unknown"), Set.of(), true, true, null, null))
                .containsExactlyElementsOf(ids(bCam));
        assertThat(select(Set.of(), Set.of("/nothing"), true, true, null, null)).isEmpty();
    }

    @Test
    void selectedChunksSayWhereTheyLie() throws Exception {
        selectionDataset();
        SelectedChunk chunk = store().chunks(dataset.id(), new ChunkSelection(Set.of(SegmentId.of("b")), Set.of(),
                true, true, Optional.empty(), Optional.empty())).get(0);
        assertThat(chunk.layer()).isEqualTo(id("b", "base"));
        assertThat(chunk.file().sha256()).isEqualTo("ab".repeat(32));
        assertThat(chunk.file().modified()).isEqualTo(T0.plusSeconds(2).minusSeconds(60));
        assertThat(chunk.chunk().byteOffset()).isEqualTo(16);
        assertThat(chunk.chunk().timelines()).containsExactly(frames(5, 5));
    }

    static List<ChunkId> chunkIds(List<SelectedChunk> chunks) {
        return chunks.stream().map(c -> c.chunk().id()).toList();
    }

    static void assertNotFound(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CatalogException.class,
                e -> assertThat(e.kind()).isEqualTo(CatalogException.Kind.NOT_FOUND));
    }

    static void assertBadRequest(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CatalogException.class,
                e -> assertThat(e.kind()).isEqualTo(CatalogException.Kind.BAD_REQUEST));
    }
}
