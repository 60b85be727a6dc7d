package dev.reel.rrd.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.api.StoreKind;
import dev.reel.api.TimeType;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.TimeColumn;
import dev.reel.rrd.RrdReader;
import dev.reel.testing.LeakCheckingAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Java logging API writes what Rerun's SDKs write: store info, batched chunks, static data, blueprints. */
class TestRecordingStream {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path temp;

    private List<LogMsg> read(Path file) throws Exception {
        return RrdReader.readAll(file, arrow.allocator());
    }

    @Test
    void batchesRowsPerEntityAndTimelines() throws Exception {
        Path file = temp.resolve("batched.rrd");
        try (RecordingStream rec = RecordingStream.builder("batching").recordingId("r1").logTime(false)
                .batching(new BatcherConfig(4, Long.MAX_VALUE, Duration.ZERO)).saveTo(file)) {
            for (int frame = 0; frame < 10; frame++) {
                rec.setTime("frame", frame);
                rec.log("robot/speed", Scalars.of(frame * 0.5));
            }
        }
        List<LogMsg> messages = read(file);
        try {
            SetStoreInfo info = (SetStoreInfo) messages.get(0);
            assertThat(info.storeId().toString()).isEqualTo("recording:batching/r1");
            assertThat(info.info().source().toString()).isEqualTo("other(reel-java)");
            List<Chunk> chunks = messages.stream().filter(m -> m instanceof ArrowMsg)
                    .map(m -> ((ArrowMsg) m).chunk()).toList();
            assertThat(chunks).extracting(Chunk::numRows).containsExactly(4, 4, 2);
            TimeColumn frames = chunks.get(2).timeColumn("frame").orElseThrow();
            assertThat(frames.timeline().type()).isEqualTo(TimeType.SEQUENCE);
            assertThat(frames.get(0)).isEqualTo(8);
            assertThat(frames.get(1)).isEqualTo(9);
            assertThat(chunks.get(0).entityPath().toString()).isEqualTo("/robot/speed");
            ListVector scalars = chunks.get(1).component("Scalars:scalars").orElseThrow().vector();
            assertThat(scalars.getObject(3)).asList().containsExactly(3.5);
            for (Chunk chunk : chunks) {
                for (int row = 1; row < chunk.numRows(); row++) {
                    assertThat(chunk.rowId(row)).isGreaterThan(chunk.rowId(row - 1));
                }
            }
        } finally {
            messages.forEach(LogMsg::close);
        }
    }

    @Test
    void logsEveryArchetypeStaticDataAndABlueprint() throws Exception {
        Path file = temp.resolve("all.rrd");
        try (RecordingStream rec = RecordingStream.builder("all_archetypes").saveTo(file)) {
            rec.logStatic("world", TextDocument.markdown("# A world"));
            rec.setTime("frame", 7);
            rec.setTimestamp("capture", java.time.Instant.parse("2026-01-02T03:04:05Z"));
            rec.setDuration("sim", Duration.ofMillis(1500));
            rec.log("world/points", Points3D.of(0, 0, 0, 1, 2, 3).withColors(0xFF0000FF, 0x00FF00FF)
                    .withRadii(0.5f).withLabels("a", "b"));
            rec.log("world/flat", Points2D.of(1, 1).withColors(0x0000FFFF).withRadii(2f));
            rec.log("world/robot", Transform3D.translation(1, 2, 3).withRotation(0, 0, 0, 1).withScale(1, 1, 1));
            rec.log("logs", TextLog.of("started").withLevel("INFO"));
            rec.log("camera/image", EncodedImage.of(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png"));
            rec.log("misc", AnyValues.of().with("confidence", 0.9, 0.8).with("ids", 1L, 2L).with("ok", true)
                    .with("tags", "x", "y"));
            rec.log("gripper", AnyValues.archetype("Gripper").with("force", 12.5));
            rec.sendBlueprint(Blueprint.empty().withTimePanel(Blueprint.PanelState.EXPANDED)
                    .withAutomaticViewport(true, true), true, true);
        }
        List<LogMsg> messages = read(file);
        try {
            List<Chunk> recording = messages.stream()
                    .filter(m -> m instanceof ArrowMsg && m.storeId().kind() == StoreKind.RECORDING)
                    .map(m -> ((ArrowMsg) m).chunk()).toList();
            Chunk world = recording.stream().filter(c -> c.entityPath().toString().equals("/world")).findFirst()
                    .orElseThrow();
            assertThat(world.isStatic()).isTrue();
            Chunk points = recording.stream().filter(c -> c.entityPath().toString().equals("/world/points"))
                    .findFirst().orElseThrow();
            assertThat(points.timeColumns()).extracting(c -> c.timeline().name())
                    .containsExactly("capture", "frame", "log_time", "sim");
            assertThat(points.components()).extracting(c -> c.descriptor().component())
                    .containsExactly("Points3D:colors", "Points3D:labels", "Points3D:positions", "Points3D:radii");
            FixedSizeListVector positions = (FixedSizeListVector) points.component("Points3D:positions")
                    .orElseThrow().vector().getDataVector();
            assertThat(positions.getObject(1)).asList().containsExactly(1f, 2f, 3f);
            assertThat(points.timeColumn("capture").orElseThrow().get(0)).isEqualTo(1767323045000000000L);
            assertThat(points.timeColumn("sim").orElseThrow().timeline().type()).isEqualTo(TimeType.DURATION);
            Chunk image = recording.stream().filter(c -> c.entityPath().toString().equals("/camera/image"))
                    .findFirst().orElseThrow();
            ListVector blobs = (ListVector) image.component("EncodedImage:blob").orElseThrow().vector().getDataVector();
            assertThat(blobs.getObject(0)).asList().hasSize(4);
            Chunk misc = recording.stream().filter(c -> c.entityPath().toString().equals("/misc")).findFirst()
                    .orElseThrow();
            assertThat(misc.components()).extracting(c -> c.descriptor().component())
                    .containsExactlyInAnyOrder("confidence", "ids", "ok", "tags");

            List<LogMsg> blueprint = messages.stream().filter(m -> m.storeId().kind() == StoreKind.BLUEPRINT).toList();
            assertThat(blueprint.get(0)).isInstanceOf(SetStoreInfo.class);
            assertThat(blueprint.get(blueprint.size() - 1)).isInstanceOfSatisfying(BlueprintActivationCommand.class,
                    command -> assertThat(command.makeActive() && command.makeDefault()).isTrue());
            assertThat(blueprint.get(0).storeId().applicationId().value()).isEqualTo("all_archetypes");
            Chunk timePanel = ((ArrowMsg) blueprint.get(1)).chunk();
            assertThat(timePanel.entityPath().toString()).isEqualTo("/time_panel");
            assertThat(timePanel.timeColumn("blueprint")).isPresent();
        } finally {
            messages.forEach(LogMsg::close);
        }
    }

    @Test
    void aComponentLoggedWithAnotherTypeStartsANewChunk() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder("types").logTime(false).to(out)) {
            rec.setTime("t", 1);
            rec.log("x", AnyValues.of().with("v", 1.0));
            rec.log("x", AnyValues.of().with("v", 2L));
        }
        Path file = temp.resolve("types.rrd");
        Files.write(file, out.toByteArray());
        List<LogMsg> messages = read(file);
        try {
            assertThat(messages.stream().filter(m -> m instanceof ArrowMsg)).hasSize(2);
        } finally {
            messages.forEach(LogMsg::close);
        }
    }

    @Test
    void eachThreadHasItsOwnTime() throws Exception {
        Path file = temp.resolve("threads.rrd");
        try (RecordingStream rec = RecordingStream.builder("threads").logTime(false).saveTo(file)) {
            rec.setTime("frame", 1);
            Thread other = new Thread(() -> {
                rec.setTime("frame", 100);
                rec.log("other", Scalars.of(1));
            });
            other.start();
            other.join();
            rec.log("main", Scalars.of(2));
        }
        List<LogMsg> messages = read(file);
        try {
            for (LogMsg m : messages) {
                if (m instanceof ArrowMsg a) {
                    long expected = a.chunk().entityPath().toString().equals("/other") ? 100 : 1;
                    assertThat(a.chunk().timeColumn("frame").orElseThrow().get(0)).isEqualTo(expected);
                }
            }
        } finally {
            messages.forEach(LogMsg::close);
        }
    }

    @Test
    void rowIdsAreBigEndianTuidsInARowIdColumn() throws Exception {
        Path file = temp.resolve("rowid.rrd");
        try (RecordingStream rec = RecordingStream.builder("ids").saveTo(file)) {
            rec.log("a", Scalars.of(1));
        }
        List<LogMsg> messages = read(file);
        try {
            Chunk chunk = ((ArrowMsg) messages.get(1)).chunk();
            FixedSizeBinaryVector ids = chunk.rowIdVector();
            assertThat(ids.getField().getMetadata()).containsEntry("ARROW:extension:name", "rerun.datatypes.TUID")
                    .containsEntry("rerun:kind", "control");
            assertThat(chunk.rowId(0).time()).isAfter(java.time.Instant.now().minusSeconds(60));
        } finally {
            messages.forEach(LogMsg::close);
        }
    }

    @Test
    void closedStreamsRefuseToLog() throws Exception {
        RecordingStream rec = RecordingStream.builder("closed").to(new ByteArrayOutputStream());
        rec.close();
        assertThatThrownBy(() -> rec.log("a", Scalars.of(1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> rec.setTime("t", Long.MIN_VALUE)).hasMessageContaining("static");
    }
}
