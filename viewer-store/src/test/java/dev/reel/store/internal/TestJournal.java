package dev.reel.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.StoreId;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.MessageKind;
import dev.reel.rrd.RrdReader;
import dev.reel.testing.LeakCheckingAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The journal's files: one valid {@code .rrd} stream per store, activations apart, store infos with data. */
class TestJournal {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path temp;

    @Test
    void eachStoreGetsItsOwnValidStreamAndActivationsTheirs() throws Exception {
        JournalLayout layout = new JournalLayout(temp);
        List<LogFrame> frames = JournalFrames.recording("journal_app", "run/1 ü", 20, true);
        try (Journal journal = new Journal(layout)) {
            for (LogFrame frame : frames) {
                journal.append(frame);
            }
            journal.sync();
            assertThat(journal.appended()).isEqualTo(frames.size());
        }
        StoreId recording = StoreId.recording("journal_app", "run/1 ü");
        Path file = layout.fileOf(recording);
        assertThat(temp.relativize(file).toString()).isEqualTo("recording/journal_app/run%2F1%20%C3%BC.rrd");
        List<LogMsg> messages = RrdReader.readAll(file, arrow.allocator());
        try {
            assertThat(messages).allSatisfy(m -> assertThat(m.storeId()).isEqualTo(recording));
            assertThat(messages.get(0).kind()).as("the store info first").isEqualTo(MessageKind.SET_STORE_INFO);
            assertThat(messages).hasSize((int) frames.stream().filter(f -> f.storeId().equals(recording)).count());
        } finally {
            messages.forEach(LogMsg::close);
        }
        List<LogMsg> activations = RrdReader.readAll(layout.activations(), arrow.allocator());
        assertThat(activations).extracting(LogMsg::kind).containsOnly(MessageKind.BLUEPRINT_ACTIVATION_COMMAND)
                .hasSize(1);
    }

    @Test
    void aStoreInfoWithoutDataLeavesNoFileAndIsWrittenBeforeTheFirstChunk() throws Exception {
        List<LogFrame> frames = JournalFrames.recording("journal_app", "late", 3, false);
        JournalLayout layout = new JournalLayout(temp);
        try (Journal journal = new Journal(layout)) {
            journal.append(frames.get(0));
            assertThat(frames.get(0).kind()).isEqualTo(MessageKind.SET_STORE_INFO);
            assertThat(layout.fileOf(frames.get(0).storeId())).doesNotExist();
            journal.append(frames.get(1));
        }
        List<LogMsg> messages = RrdReader.readAll(layout.fileOf(frames.get(0).storeId()), arrow.allocator());
        try {
            assertThat(messages).extracting(LogMsg::kind).containsExactly(MessageKind.SET_STORE_INFO,
                    MessageKind.ARROW_MSG);
        } finally {
            messages.forEach(LogMsg::close);
        }
    }

    @Test
    void deletingAStoreRemovesItsFileAndEmptyFoldersOnly() throws Exception {
        JournalLayout layout = new JournalLayout(temp);
        List<LogFrame> first = JournalFrames.recording("app", "first", 3, false);
        List<LogFrame> second = JournalFrames.recording("app", "second", 3, false);
        List<LogFrame> other = JournalFrames.recording("other_app", "only", 3, false);
        try (Journal journal = new Journal(layout)) {
            for (List<LogFrame> frames : List.of(first, second, other)) {
                for (LogFrame frame : frames) {
                    journal.append(frame);
                }
            }
            journal.delete(first.get(0).storeId());
            journal.delete(other.get(0).storeId());
            journal.delete(StoreId.recording("never", "seen"));
        }
        try (Stream<Path> files = Files.walk(temp)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> temp.relativize(p).toString()))
                    .containsExactly("recording/app/second.rrd");
        }
        assertThat(temp.resolve("recording/other_app")).doesNotExist();
    }

    @Test
    void moreStoresThanOpenFilesStillWriteEveryFrame() throws Exception {
        JournalLayout layout = new JournalLayout(temp);
        int stores = Journal.MAX_OPEN_FILES + 20;
        try (Journal journal = new Journal(layout)) {
            for (int round = 0; round < 2; round++) {
                for (int store = 0; store < stores; store++) {
                    for (LogFrame frame : JournalFrames.recording("many", "r" + store, 1, false)) {
                        journal.append(frame);
                    }
                }
                journal.sync();
            }
        }
        for (int store = 0; store < stores; store += 37) {
            List<LogMsg> messages = RrdReader.readAll(layout.fileOf(StoreId.recording("many", "r" + store)),
                    arrow.allocator());
            try {
                assertThat(messages.stream().filter(m -> m.kind() == MessageKind.ARROW_MSG)).hasSize(4);
            } finally {
                messages.forEach(LogMsg::close);
            }
        }
    }

    @Test
    void longIdsAreShortenedWithAHashAndNeverNameAFolderUp() {
        assertThat(JournalLayout.name("..")).isEqualTo("%2E%2E");
        assertThat(JournalLayout.name("a.b_c-d")).isEqualTo("a%2Eb_c-d");
        String longId = "x".repeat(300);
        String name = JournalLayout.name(longId);
        assertThat(name).hasSizeLessThanOrEqualTo(120).contains("~");
        assertThat(JournalLayout.name(longId + "y")).isNotEqualTo(name);
    }
}
