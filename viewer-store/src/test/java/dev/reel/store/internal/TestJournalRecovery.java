package dev.reel.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.StoreId;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.LogMsg;
import dev.reel.rrd.RrdCodec;
import dev.reel.rrd.RrdReader;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.hub.StoreHubs;
import dev.reel.testing.LeakCheckingAllocator;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Restoring the hub from the journal: everything whole comes back, torn tails are cut, damage is kept aside. */
class TestJournalRecovery {
    private static final StoreId RUN = StoreId.recording("recovery_app", "run");

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path temp;

    private JournalLayout journal(List<LogFrame> frames) throws Exception {
        JournalLayout layout = new JournalLayout(temp.resolve("journal"));
        try (Journal journal = new Journal(layout)) {
            for (LogFrame frame : frames) {
                journal.append(frame);
            }
        }
        return layout;
    }

    private JournalRecovery.Report recover(JournalLayout layout, StoreHub hub) throws Exception {
        try (Journal journal = new Journal(layout)) {
            return new JournalRecovery(journal, hub, new RrdCodec(), arrow.allocator()).recover();
        }
    }

    private StoreHub hub() {
        return StoreHubs.inMemory(StoreHubConfig.defaults(), arrow.allocator());
    }

    @Test
    void whatWasJournaledComesBackPooledWithItsBlueprintActive() throws Exception {
        List<LogFrame> frames = JournalFrames.recording("recovery_app", "run", 100, true);
        JournalLayout layout = journal(frames);
        try (StoreHub hub = hub()) {
            JournalRecovery.Report report = recover(layout, hub);
            assertThat(report.messages()).isEqualTo(frames.size());
            assertThat(report.cutBytes()).isZero();
            assertThat(hub.summary(RUN).orElseThrow().stats().rows()).isEqualTo(101);
            assertThat(hub.activeBlueprint(RUN.applicationId())).as("the activation was replayed").isPresent();
        }
    }

    @Test
    void aTornTailIsCutToTheLastWholeMessageAndTheFileTakesAppendsAgain() throws Exception {
        List<LogFrame> frames = JournalFrames.recording("recovery_app", "run", 100, false);
        JournalLayout layout = journal(frames);
        Path file = layout.fileOf(RUN);
        long whole = Files.size(file);
        LogFrame last = frames.get(frames.size() - 1);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(whole - last.size() / 2); // a crash while the last message was being written
        }
        try (StoreHub hub = hub()) {
            JournalRecovery.Report report = recover(layout, hub);
            assertThat(report.messages()).isEqualTo(frames.size() - 1);
            assertThat(report.damaged()).isEmpty();
            assertThat(Files.size(file)).isEqualTo(whole - 16 - last.size());
        }
        try (Journal journal = new Journal(layout)) {
            journal.append(last);
        }
        assertThat(Files.size(file)).isEqualTo(whole);
        List<LogMsg> messages = RrdReader.readAll(file, arrow.allocator());
        messages.forEach(LogMsg::close);
        assertThat(messages).hasSize(frames.size());
    }

    @Test
    void damageInTheMiddleIsKeptAsideAndWhatCameBeforeIsRestored() throws Exception {
        List<LogFrame> frames = JournalFrames.recording("recovery_app", "run", 100, false);
        JournalLayout layout = journal(frames);
        Path file = layout.fileOf(RUN);
        long size = Files.size(file);
        byte[] bytes = Files.readAllBytes(file);
        // the kind of the fourth message's header becomes nonsense
        long offset = 12;
        for (int i = 0; i < 3; i++) {
            offset += 16 + frames.get(i).size();
        }
        bytes[(int) offset] = 9;
        Files.write(file, bytes);
        try (StoreHub hub = hub()) {
            JournalRecovery.Report report = recover(layout, hub);
            assertThat(report.messages()).isEqualTo(3);
            assertThat(report.damaged()).hasSize(1);
            assertThat(Files.size(report.damaged().get(0))).isEqualTo(size);
            assertThat(Files.size(file)).isEqualTo(offset);
        }
        try (StoreHub hub = hub()) {
            assertThat(recover(layout, hub).cutBytes()).as("a second start finds nothing to cut").isZero();
        }
    }

    @Test
    void aFileACrashLeftWithoutAWholeHeaderIsRemoved() throws Exception {
        JournalLayout layout = new JournalLayout(temp.resolve("journal"));
        Path empty = layout.fileOf(StoreId.recording("crash", "empty"));
        Path partial = layout.fileOf(StoreId.recording("crash", "partial"));
        Files.createDirectories(empty.getParent());
        Files.write(empty, new byte[0]);
        Files.write(partial, new byte[] {'R', 'R', 'F'});
        try (StoreHub hub = hub()) {
            JournalRecovery.Report report = recover(layout, hub);
            assertThat(report.damaged()).isEmpty();
            assertThat(hub.stores()).isEmpty();
        }
        assertThat(empty).doesNotExist();
        assertThat(partial).doesNotExist();
    }
}
