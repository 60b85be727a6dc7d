package dev.reel.rrd.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.StoreId;
import dev.reel.api.log.Chunk;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.Blueprint;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextDocument;
import dev.reel.testing.LeakCheckingAllocator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Inputs loaded into the viewer store keep the store's rules, and the messages that are not chunks. */
class TestRrdStores {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path temp;

    private Path file;
    private StoreId recording;
    private StoreId blueprint;

    /**
     * A recording (the SDK announces it first) with a blueprint, a static value written twice, and five frames
     * of a scalar.
     */
    @BeforeEach
    void record() throws Exception {
        file = temp.resolve("stores.rrd");
        try (RecordingStream rec = RecordingStream.builder("stores").recordingId("rec").logTime(false)
                .batching(BatcherConfig.NONE).saveTo(file)) {
            blueprint = rec.sendBlueprint(Blueprint.empty(), true, false);
            recording = rec.storeId();
            rec.logStatic("config", TextDocument.of("first"));
            rec.logStatic("config", TextDocument.of("second"));
            for (int frame = 0; frame < 5; frame++) {
                rec.setTime("frame", frame);
                rec.log("plot", Scalars.of(frame));
            }
        }
    }

    private RrdStores load(Path path) throws Exception {
        RrdScan scan = new RrdScan(List.of(RrdInput.file(path.toString())), arrow.allocator(),
                new PrintWriter(new StringWriter()), false);
        return RrdStores.load(scan, arrow.allocator());
    }

    @Test
    void keepsStoresInTheOrderTheyCameWithTheirInfosAndActivations() throws Exception {
        try (RrdStores stores = load(file)) {
            assertThat(stores.ids()).containsExactly(recording, blueprint);
            assertThat(stores.infos(recording)).hasSize(1);
            assertThat(stores.activations(blueprint)).singleElement()
                    .satisfies(command -> assertThat(command.makeActive()).isTrue());
            assertThat(stores.activations(recording)).isEmpty();
        }
    }

    @Test
    void theStoreDropsShadowedStaticDataAndDuplicateChunks() throws Exception {
        byte[] once = Files.readAllBytes(file);
        Path twice = temp.resolve("twice.rrd");
        Files.write(twice, concat(once, once));
        try (RrdStores stores = load(twice)) {
            List<Chunk> chunks = stores.chunks(recording);
            List<Chunk> statics = chunks.stream().filter(Chunk::isStatic)
                    .filter(c -> c.entityPath().toString().equals("/config")).toList();
            assertThat(statics).singleElement().satisfies(chunk -> assertThat(
                    chunk.component("TextDocument:text").orElseThrow().vector().getObject(0).toString())
                    .contains("second"));
            assertThat(chunks.stream().filter(c -> c.entityPath().toString().equals("/plot"))).hasSize(5);
            assertThat(chunks).isSortedAccordingTo((a, b) -> a.id().compareTo(b.id()));
            assertThat(stores.infos(recording)).hasSize(2);
            assertThat(stores.activations(blueprint)).hasSize(2);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
