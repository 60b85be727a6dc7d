package dev.reel.catalog.internal;

import static dev.reel.catalog.internal.MetadataRecords.T0;
import static dev.reel.catalog.internal.MetadataRecords.blueprintsOf;
import static dev.reel.catalog.internal.MetadataRecords.column;
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
import dev.reel.api.EntryId;
import dev.reel.api.EntryName;
import dev.reel.api.LayerName;
import dev.reel.api.SegmentId;
import dev.reel.catalog.CatalogException;
import dev.reel.catalog.Entry;
import dev.reel.catalog.internal.CatalogRecords.ChunkRecord;
import dev.reel.catalog.internal.CatalogRecords.ChunkSelection;
import dev.reel.catalog.internal.CatalogRecords.LayerRecord;
import dev.reel.catalog.internal.CatalogRecords.SchemaColumn;
import dev.reel.catalog.internal.CatalogRecords.SegmentLayer;
import dev.reel.catalog.internal.CatalogRecords.SelectedChunk;
import dev.reel.catalog.internal.CatalogRecords.TimePoint;
import dev.reel.catalog.internal.CatalogRecords.TimelineSpan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link MetadataStore}'s Javadoc, for every implementation: an implementation's test extends this
 * class (as {@code ChunkStorageContract} is used) and gives it a fresh store per test. The chunk-selection rules
 * are in its superclass, {@link ChunkSelectionContract}.
 */
abstract class MetadataStoreContract extends ChunkSelectionContract {
    @Test
    void entriesComeBackByIdAndNameExactly() throws Exception {
        Entry dataset = dataset("robots.arm [v1]: a-b_c");
        Entry blueprints = blueprintsOf(dataset);
        store().createEntries(List.of(dataset, blueprints));
        assertThat(store().entry(dataset.id())).contains(dataset);
        assertThat(store().entry(dataset.name())).contains(dataset);
        assertThat(store().entry(blueprints.name())).contains(blueprints);
        assertThat(store().entry(EntryId.next())).isEmpty();
        assertThat(store().entry(EntryName.of("nothing"))).isEmpty();
    }

    @Test
    void entriesAreListedByNameHiddenOnesIncluded() throws Exception {
        Entry lower = dataset("alpha");
        Entry upper = dataset("Zulu");
        Entry hidden = blueprintsOf(lower);
        store().createEntries(List.of(lower, upper, hidden));
        // String order, the same on every database: upper case, then '_', then lower case
        assertThat(store().entries()).containsExactly(upper, hidden, lower);
    }

    @Test
    void anOwnerMayBeListedAfterWhatItOwns() throws Exception {
        Entry dataset = dataset("d");
        store().createEntries(List.of(blueprintsOf(dataset), dataset));
        assertThat(store().entries()).hasSize(2);
    }

    @Test
    void aTakenNameFailsAndCreatesNothing() throws Exception {
        createDataset("taken");
        Entry fresh = dataset("fresh");
        assertThatThrownBy(() -> store().createEntries(List.of(fresh, dataset("taken"))))
                .isInstanceOfSatisfying(CatalogException.class,
                        e -> assertThat(e.kind()).isEqualTo(CatalogException.Kind.ALREADY_EXISTS))
                .hasMessageContaining("'taken'");
        assertThat(store().entry(fresh.id())).isEmpty();
    }

    @Test
    void twoEntriesOfOneNameInOneCallFail() throws Exception {
        Entry first = dataset("twin");
        assertThatThrownBy(() -> store().createEntries(List.of(first, dataset("twin"))))
                .isInstanceOfSatisfying(CatalogException.class,
                        e -> assertThat(e.kind()).isEqualTo(CatalogException.Kind.ALREADY_EXISTS));
        assertThat(store().entries()).isEmpty();
    }

    @Test
    void anUnknownOwnerIsNotFound() throws Exception {
        Entry orphan = blueprintsOf(dataset("never created"));
        assertNotFound(() -> store().createEntries(List.of(orphan)));
    }

    @Test
    void concurrentCreatesOfOneNameLetExactlyOneWin() throws Exception {
        MetadataStore store = store();
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            attempts.add(() -> {
                try {
                    store.createEntries(List.of(dataset("contested")));
                    return true;
                } catch (CatalogException e) {
                    assertThat(e.kind()).isEqualTo(CatalogException.Kind.ALREADY_EXISTS);
                    return false;
                }
            });
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            long wins = 0;
            for (Future<Boolean> attempt : threads.invokeAll(attempts)) {
                wins += attempt.get() ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void renameChangesTheNameAndUpdatedAt() throws Exception {
        Entry dataset = createDataset("old");
        createDataset("other");
        Instant later = T0.plusSeconds(5);
        Entry renamed = store().rename(dataset.id(), EntryName.of("new"), later);
        assertThat(renamed.name()).isEqualTo(EntryName.of("new"));
        assertThat(renamed.updatedAt()).isEqualTo(later);
        assertThat(store().entry(dataset.id())).contains(renamed);
        assertThat(store().entry(EntryName.of("old"))).isEmpty();
        assertThat(store().rename(dataset.id(), EntryName.of("new"), later.plusSeconds(1))).isEqualTo(renamed);
        assertThatThrownBy(() -> store().rename(dataset.id(), EntryName.of("other"), later))
                .isInstanceOfSatisfying(CatalogException.class,
                        e -> assertThat(e.kind()).isEqualTo(CatalogException.Kind.ALREADY_EXISTS));
        assertNotFound(() -> store().rename(EntryId.next(), EntryName.of("x"), later));
    }

    @Test
    void theDefaultBlueprintIsSetAndCleared() throws Exception {
        Entry dataset = createDataset("d");
        Instant later = T0.plusMillis(1);
        Entry set = store().setDefaultBlueprint(dataset.id(), Optional.of("blueprint ✓"), later);
        assertThat(set.defaultBlueprint()).contains("blueprint ✓");
        assertThat(set.updatedAt()).isEqualTo(later);
        assertThat(store().entry(dataset.id())).contains(set);
        assertThat(store().setDefaultBlueprint(dataset.id(), Optional.empty(), later).defaultBlueprint()).isEmpty();
        assertNotFound(() -> store().setDefaultBlueprint(EntryId.next(), Optional.empty(), later));
    }

    @Test
    void deletingADatasetDeletesWhatItOwnsAndNothingElse() throws Exception {
        Entry dataset = dataset("doomed");
        Entry blueprints = blueprintsOf(dataset);
        store().createEntries(List.of(dataset, blueprints));
        Entry survivor = createDataset("survivor");
        store().putLayers(dataset.id(), List.of(layer(dataset.id(), id("s", "base"),
                List.of(temporalChunk("/a", 0, frames(0, 1))))), T0);
        store().putLayers(blueprints.id(), List.of(layer(blueprints.id(), id("bp", "base"),
                List.of(staticChunk("/viewport", 0)))), T0);
        store().putLayers(survivor.id(), List.of(layer(survivor.id(), id("s", "base"),
                List.of(temporalChunk("/a", 0, frames(0, 1))))), T0);

        assertThat(store().delete(dataset.id())).containsExactly(dataset.id(), blueprints.id());
        assertThat(store().entries()).containsExactly(survivor);
        assertNotFound(() -> store().delete(dataset.id()));
        assertThat(store().layers(survivor.id())).hasSize(1);
        assertThat(store().chunks(survivor.id(), ChunkSelection.all())).hasSize(1);
        Entry again = createDataset("doomed");
        assertThat(store().layers(again.id())).isEmpty();
        assertThat(store().columns(again.id())).isEmpty();
    }

    @Test
    void everyDatasetMethodRefusesAnUnknownDataset() throws Exception {
        EntryId unknown = EntryId.next();
        assertNotFound(() -> store().putLayers(unknown, List.of(), T0));
        assertNotFound(() -> store().existing(unknown, List.of(id("s", "base"))));
        assertNotFound(() -> store().unregister(unknown, Set.of(SegmentId.of("s")), Set.of(), T0));
        assertNotFound(() -> store().layers(unknown));
        assertNotFound(() -> store().layers(unknown, Set.of(SegmentId.of("s"))));
        assertNotFound(() -> store().columns(unknown));
        assertNotFound(() -> store().chunks(unknown, ChunkSelection.all()));
    }

    @Test
    void layersComeBackWithTimelinesAndColumnsButNoChunks() throws Exception {
        Entry dataset = createDataset("d");
        LayerRecord layer = layer(dataset.id(), id("episode-1", "base"), List.of(staticChunk("/cam", 0),
                temporalChunk("/cam", 100, frames(0, 9), logTime(1_000, 2_000)),
                temporalChunk("/imu", 200, logTime(-5, Long.MAX_VALUE))));
        Instant now = T0.plusSeconds(3);
        store().putLayers(dataset.id(), List.of(layer), now);

        List<LayerRecord> read = store().layers(dataset.id());
        assertThat(read).hasSize(1);
        assertThat(read.get(0)).usingRecursiveComparison().ignoringFields("chunks").isEqualTo(layer);
        assertThat(read.get(0).chunks()).isEmpty();
        assertThat(store().entry(dataset.id()).orElseThrow().updatedAt()).isEqualTo(now);
        assertThat(store().chunks(dataset.id(), ChunkSelection.all()))
                .extracting(SelectedChunk::chunk).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(layer.chunks());
    }

    @Test
    void totalsCountTheDatasetsAndWhatTheyHoldButNotTheirBlueprints() throws Exception {
        assertThat(store().totals()).isEqualTo(new CatalogRecords.Totals(0, 0, 0, 0, 0));
        Entry first = createDataset("first");
        Entry second = dataset("second");
        Entry blueprints = blueprintsOf(second);
        store().createEntries(List.of(second, blueprints));
        store().putLayers(first.id(), List.of(layer(first.id(), id("s1", "base"), List.of(staticChunk("/a", 0))),
                layer(first.id(), id("s1", "extra"), List.of(staticChunk("/b", 0), staticChunk("/c", 40))),
                layer(first.id(), id("s2", "base"), List.of(staticChunk("/a", 0)))), T0);
        store().putLayers(blueprints.id(), List.of(layer(blueprints.id(), id("bp", "base"),
                List.of(staticChunk("/view", 0)))), T0);

        List<LayerRecord> counted = store().layers(first.id());
        long bytes = counted.stream().mapToLong(LayerRecord::sizeBytes).sum();
        assertThat(bytes).isPositive();
        assertThat(store().totals()).isEqualTo(new CatalogRecords.Totals(2, 2, 3, 4, bytes));
    }

    @Test
    void replacingALayerKeepsItsRegistrationTimeAndReplacesItsChunksAndColumns() throws Exception {
        Entry dataset = createDataset("d");
        SegmentLayer id = id("s", "base");
        store().putLayers(dataset.id(), List.of(layer(dataset.id(), id, T0,
                List.of(temporalChunk("/old", 0, frames(0, 5))))), T0);
        Instant later = T0.plusSeconds(60);
        LayerRecord replacement = layer(dataset.id(), id, later, List.of(temporalChunk("/new", 8, frames(3, 4)),
                staticChunk("/new", 108)));
        store().putLayers(dataset.id(), List.of(replacement), later);

        LayerRecord read = store().layers(dataset.id()).get(0);
        assertThat(read.registeredAt()).isEqualTo(T0);
        assertThat(read.updatedAt()).isEqualTo(later);
        assertThat(read.numChunks()).isEqualTo(2);
        assertThat(read.timelines()).containsExactly(frames(3, 4));
        assertThat(store().columns(dataset.id())).extracting(SchemaColumn::entityPath).containsExactly("/new");
        assertThat(chunkIds(store().chunks(dataset.id(), ChunkSelection.all())))
                .containsExactlyElementsOf(replacement.chunks().stream().map(ChunkRecord::id).toList());
    }

    @Test
    void aFailedPutWritesNothingAndSaysWhatFailedWithoutSql() throws Exception {
        Entry dataset = createDataset("d");
        LayerRecord good = layer(dataset.id(), id("good", "base"), List.of(staticChunk("/a", 0)));
        LayerRecord bad = layer(dataset.id(), id("bad", "base"), List.of(staticChunk("/a", 0)));
        // the schema keeps a SHA-256 as 64 hex digits: 66 make the database refuse the row mid-transaction
        LayerRecord tooLong = new LayerRecord(bad.dataset(), bad.id(), bad.storageUrl(),
                new CatalogRecords.SourceFile(bad.file().path(), 1, T0, "ab".repeat(33)), bad.numChunks(),
                bad.sizeBytes(), bad.schemaSha256(), T0, T0, bad.timelines(), bad.columns(), bad.chunks());

        assertThatThrownBy(() -> store().putLayers(dataset.id(), List.of(good, tooLong), T0.plusSeconds(1)))
                .isInstanceOfSatisfying(CatalogException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CatalogException.Kind.INTERNAL);
                    // SQL state 22001: a value too long for its column, on both databases; the SQL is in the cause only
                    assertThat(e.getMessage())
                            .isEqualTo("the catalog's metadata store failed to register layers (SQL state 22001)");
                });
        assertThat(store().layers(dataset.id())).isEmpty();
        assertThat(store().chunks(dataset.id(), ChunkSelection.all())).isEmpty();
        assertThat(store().columns(dataset.id())).isEmpty();
        assertThat(store().entry(dataset.id()).orElseThrow().updatedAt()).isEqualTo(T0);
    }

    @Test
    void aPutOfAnotherDatasetsLayerOrOfOneLayerTwiceIsRefused() throws Exception {
        Entry dataset = createDataset("d");
        Entry other = createDataset("e");
        LayerRecord layer = layer(dataset.id(), id("s", "base"), List.of(staticChunk("/a", 0)));
        assertBadRequest(() -> store().putLayers(other.id(), List.of(layer), T0));
        assertBadRequest(() -> store().putLayers(dataset.id(), List.of(layer, layer), T0));
        assertThat(store().layers(dataset.id())).isEmpty();
        assertThat(store().layers(other.id())).isEmpty();
    }

    @Test
    void existingNamesOnlyWhatIsStored() throws Exception {
        Entry dataset = createDataset("d");
        store().putLayers(dataset.id(), List.of(layer(dataset.id(), id("s1", "base"), List.of()),
                layer(dataset.id(), id("s2", "extra"), List.of())), T0);
        assertThat(store().existing(dataset.id(), List.of(id("s1", "base"), id("s1", "extra"), id("s2", "extra"),
                id("s3", "base")))).containsExactlyInAnyOrder(id("s1", "base"), id("s2", "extra"));
        assertThat(store().existing(dataset.id(), List.of())).isEmpty();
    }

    @Test
    void layersAreOrderedBySegmentThenRegistrationThenName() throws Exception {
        Entry dataset = createDataset("d");
        store().putLayers(dataset.id(), List.of(layer(dataset.id(), id("b", "base"), T0, List.of()),
                layer(dataset.id(), id("a", "zeta"), T0, List.of()),
                layer(dataset.id(), id("a", "late"), T0.plusSeconds(1), List.of()),
                layer(dataset.id(), id("a", "alpha"), T0, List.of()),
                layer(dataset.id(), id("B", "base"), T0, List.of())), T0);
        assertThat(store().layers(dataset.id())).extracting(LayerRecord::id).containsExactly(id("B", "base"),
                id("a", "alpha"), id("a", "zeta"), id("a", "late"), id("b", "base"));
        assertThat(store().layers(dataset.id(), Set.of(SegmentId.of("a"), SegmentId.of("none"))))
                .extracting(LayerRecord::id).containsExactly(id("a", "alpha"), id("a", "zeta"), id("a", "late"));
        assertThat(store().layers(dataset.id(), Set.of())).isEmpty();
    }

    @Test
    void columnsAreEachDistinctColumnOnceAndGoWithTheirLastLayer() throws Exception {
        Entry dataset = createDataset("d");
        store().putLayers(dataset.id(), List.of(layer(dataset.id(), id("s1", "base"), List.of(staticChunk("/b", 0),
                staticChunk("/a", 1))), layer(dataset.id(), id("s2", "base"), List.of(staticChunk("/a", 0)))), T0);
        assertThat(store().columns(dataset.id())).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(column("/a", "Scalar"), column("/b", "Scalar"));
        store().unregister(dataset.id(), Set.of(SegmentId.of("s1")), Set.of(), T0);
        assertThat(store().columns(dataset.id())).extracting(SchemaColumn::entityPath).containsExactly("/a");
        store().unregister(dataset.id(), Set.of(SegmentId.of("s2")), Set.of(), T0);
        assertThat(store().columns(dataset.id())).isEmpty();
    }

    @Test
    void unregisterIsRerunsProductFilter() throws Exception {
        Entry dataset = createDataset("d");
        List<LayerRecord> layers = new ArrayList<>();
        for (String segment : List.of("s1", "s2", "s3")) {
            for (String name : List.of("base", "extra")) {
                layers.add(layer(dataset.id(), id(segment, name), List.of(temporalChunk("/a", 0, frames(0, 1)))));
            }
        }
        store().putLayers(dataset.id(), layers, T0);
        Instant later = T0.plusSeconds(9);

        // only layers: those layers of every segment
        assertThat(store().unregister(dataset.id(), Set.of(), Set.of(new LayerName("extra")), later))
                .containsExactly(id("s1", "extra"), id("s2", "extra"), id("s3", "extra"));
        assertThat(store().entry(dataset.id()).orElseThrow().updatedAt()).isEqualTo(later);
        // only segments: every layer of those
        assertThat(store().unregister(dataset.id(), Set.of(SegmentId.of("s1")), Set.of(), later))
                .containsExactly(id("s1", "base"));
        store().putLayers(dataset.id(), List.of(layers.get(3)), later); // s2 extra back
        // both: each listed layer of each listed segment
        assertThat(store().unregister(dataset.id(), Set.of(SegmentId.of("s2"), SegmentId.of("s3")),
                Set.of(new LayerName("extra")), later)).containsExactly(id("s2", "extra"));
        // what does not exist is a no-op that changes nothing
        Instant untouched = store().entry(dataset.id()).orElseThrow().updatedAt();
        assertThat(store().unregister(dataset.id(), Set.of(SegmentId.of("s9")), Set.of(), later.plusSeconds(1)))
                .isEmpty();
        assertThat(store().entry(dataset.id()).orElseThrow().updatedAt()).isEqualTo(untouched);
        assertThat(store().layers(dataset.id())).extracting(LayerRecord::id)
                .containsExactly(id("s2", "base"), id("s3", "base"));
        assertThat(store().chunks(dataset.id(), ChunkSelection.all())).extracting(SelectedChunk::layer)
                .containsExactly(id("s2", "base"), id("s3", "base"));
    }

    @Test
    void unregisterWithNeitherSegmentsNorLayersIsRefusedAndRemovesNothing() throws Exception {
        // The catalog rejects this request before it reaches the store (Rerun: "must specify at least 1 segment
        // ID or layer for removal"); the store refuses it too rather than read it as "everything".
        Entry dataset = createDataset("d");
        store().putLayers(dataset.id(), List.of(layer(dataset.id(), id("s", "base"), List.of())), T0);
        assertBadRequest(() -> store().unregister(dataset.id(), Set.of(), Set.of(), T0));
        assertThat(store().layers(dataset.id())).hasSize(1);
    }

    @Test
    void oddCharactersInIdsAreKeptAndMatchedExactly() throws Exception {
        Entry dataset = createDataset("d");
        String segment = "séance/🎬 'quoted' \"double\" %_\\ ;-- DROP TABLE layers";
        String layerName = "layer ✓ ☃ %";
        String entity = "/wörld/🚀/a%_b";
        SegmentLayer id = id(segment, layerName);
        LayerRecord layer = layer(dataset.id(), id, List.of(staticChunk(entity, 0),
                temporalChunk(entity, 50, new CatalogRecords.TimelineRange("ticks ⏱ %", dev.reel.api.TimeType.DURATION,
                        1, 2)), staticChunk("/w%", 100)));
        store().putLayers(dataset.id(), List.of(layer), T0);

        assertThat(store().layers(dataset.id(), Set.of(SegmentId.of(segment)))).extracting(LayerRecord::id)
                .containsExactly(id);
        assertThat(store().layers(dataset.id(), Set.of(SegmentId.of("séance%")))).isEmpty();
        assertThat(store().existing(dataset.id(), List.of(id))).containsExactly(id);
        ChunkSelection onEntity = new ChunkSelection(Set.of(SegmentId.of(segment)), Set.of(entity), true, true,
                Optional.of(new TimePoint("ticks ⏱ %", 1)), Optional.empty());
        assertThat(store().chunks(dataset.id(), onEntity)).extracting(c -> c.chunk().entityPath())
                .containsExactly(entity, entity);
        assertThat(store().chunks(dataset.id(), new ChunkSelection(Set.of(), Set.of("/w_rld/%"), true, true,
                Optional.empty(), Optional.empty()))).isEmpty();
        assertThat(store().layers(dataset.id()).get(0)).usingRecursiveComparison().ignoringFields("chunks")
                .isEqualTo(layer);
        assertThat(store().unregister(dataset.id(), Set.of(SegmentId.of(segment)), Set.of(new LayerName(layerName)),
                T0)).containsExactly(id);
    }

    @Test
    void tenThousandLayersGoInOneCall() throws Exception {
        Entry dataset = createDataset("big");
        List<LayerRecord> layers = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            layers.add(layer(dataset.id(), id(String.format("segment-%05d", i), "base"),
                    List.of(staticChunk("/meta", 0), temporalChunk("/cam", 100, frames(i, i + 10), logTime(i, i)))));
        }
        store().putLayers(dataset.id(), layers, T0);

        List<LayerRecord> read = store().layers(dataset.id());
        assertThat(read).hasSize(10_000);
        assertThat(read.get(9_999).id()).isEqualTo(id("segment-09999", "base"));
        assertThat(read.get(9_999).timelines()).containsExactly(frames(9_999, 10_009), logTime(9_999, 9_999));
        // filters longer than one IN list
        Set<SegmentId> some = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i += 8) {
            some.add(SegmentId.of(String.format("segment-%05d", i)));
        }
        assertThat(store().layers(dataset.id(), some)).hasSize(1_250);
        assertThat(store().existing(dataset.id(), layers.subList(0, 1_200).stream().map(LayerRecord::id).toList()))
                .hasSize(1_200);
        List<SelectedChunk> cam = store().chunks(dataset.id(), new ChunkSelection(some, Set.of("/cam"), true, true,
                Optional.of(new TimePoint("frame", 5_000)), Optional.empty()));
        assertThat(cam).hasSize(626).allMatch(c -> c.chunk().timelines().get(0).min() <= 5_000);
        assertThat(store().unregister(dataset.id(), some, Set.of(), T0)).hasSize(1_250);
        assertThat(store().layers(dataset.id())).hasSize(8_750);
    }

    @Test
    void concurrentPutsIntoOneDatasetAllLand() throws Exception {
        Entry dataset = createDataset("d");
        MetadataStore store = store();
        List<Callable<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(() -> {
                for (int i = 0; i < 10; i++) {
                    store.putLayers(dataset.id(), List.of(layer(dataset.id(), id("w" + writer + "-" + i, "base"),
                            List.of(temporalChunk("/a", 0, frames(i, i))))), T0);
                }
                return null;
            });
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            for (Future<Void> done : threads.invokeAll(writers)) {
                done.get();
            }
        } finally {
            threads.shutdown();
        }
        assertThat(store.layers(dataset.id())).hasSize(40);
        assertThat(store.chunks(dataset.id(), ChunkSelection.all())).hasSize(40);
    }

    @Test
    void whatWasCommittedIsThereAfterReopening() throws Exception {
        Entry dataset = createDataset("kept");
        LayerRecord layer = layer(dataset.id(), id("s", "base"), List.of(temporalChunk("/a", 7, frames(1, 2))));
        store().putLayers(dataset.id(), List.of(layer), T0);
        MetadataStore reopened = reopen();
        assertThat(reopened.entry(dataset.id())).contains(dataset);
        assertThat(reopened.layers(dataset.id()).get(0)).usingRecursiveComparison().ignoringFields("chunks")
                .isEqualTo(layer);
        assertThat(reopened.chunks(dataset.id(), ChunkSelection.all())).hasSize(1);
    }
}
