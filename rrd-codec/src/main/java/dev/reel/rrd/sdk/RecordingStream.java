package dev.reel.rrd.sdk;

import static java.util.Objects.requireNonNull;

import dev.reel.api.ApplicationId;
import dev.reel.api.EntityPath;
import dev.reel.api.RecordingId;
import dev.reel.api.StoreId;
import dev.reel.api.StoreKind;
import dev.reel.api.TimeInt;
import dev.reel.api.TimeType;
import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.CrateVersion;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.StoreInfo;
import dev.reel.api.log.StoreSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Logs data to one recording, as Rerun's {@code RecordingStream} does: time is set per thread on any number
 * of timelines, every {@link #log} call becomes one row of the entity's current chunk, and rows are batched
 * into chunks by entity and timelines ({@link BatcherConfig}). The stream first announces its store
 * ({@code SetStoreInfo}); {@link #close()} sends what is pending and closes the sink. Thread-safe.
 *
 * <p>Recordings with the same application id and recording id form one logical recording, wherever they are
 * written: give several processes the same {@link Builder#recordingId} to log into one recording.
 */
public final class RecordingStream implements AutoCloseable {
    /** The {@code StoreSource} Reel declares: kind OTHER with this text. */
    public static final String SOURCE = "reel-java";

    private final StoreId storeId;
    private final RecordingSink sink;
    private final BufferAllocator allocator;
    private final boolean ownsAllocator;
    private final BatcherConfig batching;
    private final boolean logTime;
    private final ThreadLocal<TreeMap<Timeline, Long>> time = ThreadLocal.withInitial(TreeMap::new);
    private final Map<BatchKey, PendingBatch> pending = new LinkedHashMap<>();
    private final ScheduledExecutorService flusher;
    private RuntimeException failure;
    private boolean closed;

    private record BatchKey(EntityPath entity, List<Timeline> timelines) {}

    private static final class PendingBatch {
        final List<ChunkAssembler.Row> rows = new ArrayList<>();
        final Map<dev.reel.api.log.ComponentDescriptor, ComponentBatch> types = new LinkedHashMap<>();
        long bytes;
    }

    private RecordingStream(Builder builder, RecordingSink sink) {
        this.storeId = new StoreId(StoreKind.RECORDING, builder.applicationId, builder.recordingId);
        this.sink = sink;
        this.ownsAllocator = builder.allocator == null;
        this.allocator = ownsAllocator ? new RootAllocator() : builder.allocator.newChildAllocator(
                "recording " + storeId, 0, Long.MAX_VALUE);
        this.batching = builder.batching;
        this.logTime = builder.logTime;
        send(storeInfo(storeId));
        if (batching.flushInterval().isZero()) {
            flusher = null;
        } else {
            flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "reel-recording-flush");
                thread.setDaemon(true);
                return thread;
            });
            long period = batching.flushInterval().toNanos();
            flusher.scheduleAtFixedRate(this::flushQuietly, period, period, TimeUnit.NANOSECONDS);
        }
    }

    public static Builder builder(String applicationId) {
        return new Builder(ApplicationId.of(applicationId));
    }

    public StoreId storeId() {
        return storeId;
    }

    /** Sets this thread's time on a sequence timeline (frame numbers, ticks). */
    public void setTime(String timeline, long sequence) {
        put(new Timeline(timeline, TimeType.SEQUENCE), sequence);
    }

    /** Sets this thread's time on a timestamp timeline. */
    public void setTimestamp(String timeline, Instant instant) {
        setTimestampNanos(timeline, instant.getEpochSecond() * 1_000_000_000L + instant.getNano());
    }

    public void setTimestampNanos(String timeline, long nanosSinceEpoch) {
        put(new Timeline(timeline, TimeType.TIMESTAMP), nanosSinceEpoch);
    }

    /** Sets this thread's time on a duration timeline (time since some start). */
    public void setDuration(String timeline, Duration duration) {
        put(new Timeline(timeline, TimeType.DURATION), duration.toNanos());
    }

    private void put(Timeline timeline, long value) {
        TreeMap<Timeline, Long> current = time.get();
        current.keySet().removeIf(t -> t.name().equals(timeline.name()));
        current.put(timeline, TimeInt.checkTemporal(value));
    }

    /** Stops logging on a timeline from this thread. */
    public void disableTimeline(String timeline) {
        time.get().keySet().removeIf(t -> t.name().equals(timeline));
    }

    /** Clears this thread's time on every timeline. */
    public void resetTime() {
        time.get().clear();
    }

    /** Logs an archetype at this thread's current time. */
    public void log(String entityPath, Archetype archetype) {
        log(entityPath, archetype.components());
    }

    public void log(String entityPath, List<ComponentBatch> components) {
        TreeMap<Timeline, Long> times = new TreeMap<>(time.get());
        if (logTime) {
            Instant now = Instant.now();
            times.put(Timeline.logTime(), now.getEpochSecond() * 1_000_000_000L + now.getNano());
        }
        append(EntityPath.parse(entityPath), times, components);
    }

    /** Logs data that belongs to every timeline and shadows temporal data of the same components. */
    public void logStatic(String entityPath, Archetype archetype) {
        append(EntityPath.parse(entityPath), new TreeMap<>(), archetype.components());
    }

    private synchronized void append(EntityPath entity, TreeMap<Timeline, Long> times, List<ComponentBatch> components) {
        checkOpen();
        if (components.isEmpty()) {
            return;
        }
        BatchKey key = new BatchKey(entity, List.copyOf(times.keySet()));
        PendingBatch batch = pending.get(key);
        if (batch != null && !compatible(batch, components)) {
            flush(key, batch);
            batch = null;
        }
        if (batch == null) {
            batch = new PendingBatch();
            pending.put(key, batch);
        }
        long[] values = times.values().stream().mapToLong(Long::longValue).toArray();
        batch.rows.add(new ChunkAssembler.Row(Tuid.next(), values, List.copyOf(components)));
        for (ComponentBatch component : components) {
            batch.types.putIfAbsent(component.descriptor(), component);
            batch.bytes += component.sizeBytes();
        }
        if (batch.rows.size() >= batching.maxRows() || batch.bytes >= batching.maxBytes()) {
            flush(key, batch);
        }
    }

    /** A batch can take the row if every component has the Arrow type the batch's column already has. */
    private static boolean compatible(PendingBatch batch, List<ComponentBatch> components) {
        for (ComponentBatch component : components) {
            ComponentBatch existing = batch.types.get(component.descriptor());
            if (existing != null && !existing.sameTypeAs(component)) {
                return false;
            }
        }
        return true;
    }

    private void flush(BatchKey key, PendingBatch batch) {
        pending.remove(key);
        Chunk chunk = ChunkAssembler.assemble(key.entity(), key.timelines(), batch.rows, allocator);
        send(new ArrowMsg(storeId, chunk));
    }

    /** Sends every pending row now. */
    public synchronized void flush() {
        checkOpen();
        flushPending();
        try {
            sink.flush();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    private void flushPending() {
        for (Map.Entry<BatchKey, PendingBatch> entry : new ArrayList<>(pending.entrySet())) {
            flush(entry.getKey(), entry.getValue());
        }
    }

    private synchronized void flushQuietly() {
        if (!closed && failure == null && !pending.isEmpty()) {
            try {
                flushPending();
            } catch (RuntimeException e) {
                // kept in failure and thrown to the next caller
            }
        }
    }

    /**
     * Sends a blueprint as a new blueprint store of this application, followed by the activation command:
     * {@code makeDefault} makes it the application's default, {@code makeActive} shows it now.
     */
    public synchronized StoreId sendBlueprint(Blueprint blueprint, boolean makeActive, boolean makeDefault) {
        checkOpen();
        StoreId blueprintId = new StoreId(StoreKind.BLUEPRINT, storeId.applicationId(), RecordingId.random());
        send(storeInfo(blueprintId));
        Timeline blueprintTime = Timeline.sequence("blueprint");
        for (Blueprint.Entry entry : blueprint.entries()) {
            ChunkAssembler.Row row = new ChunkAssembler.Row(Tuid.next(), new long[] {0},
                    entry.archetype().components());
            send(new ArrowMsg(blueprintId, ChunkAssembler.assemble(entry.path(), List.of(blueprintTime),
                    List.of(row), allocator)));
        }
        send(new BlueprintActivationCommand(blueprintId, makeActive, makeDefault));
        return blueprintId;
    }

    /** Sends any message as is (e.g. data read from another file); the message stays the caller's. */
    public synchronized void send(LogMsg message, boolean closeAfterwards) {
        checkOpen();
        try {
            sink.send(message);
        } catch (IOException e) {
            throw fail(e);
        } finally {
            if (closeAfterwards) {
                message.close();
            }
        }
    }

    private void send(LogMsg message) {
        send(message, true);
    }

    private static SetStoreInfo storeInfo(StoreId id) {
        return new SetStoreInfo(Tuid.next(), new StoreInfo(id, StoreSource.other(SOURCE),
                Optional.of(CrateVersion.WRITTEN)));
    }

    private RuntimeException fail(IOException e) {
        failure = new UncheckedIOException("recording " + storeId + " could not be written: " + e.getMessage(), e);
        return failure;
    }

    private void checkOpen() {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new IllegalStateException("recording stream " + storeId + " is closed");
        }
    }

    /** Sends pending rows, flushes and closes the sink, releases Arrow memory. */
    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                if (failure == null) {
                    flushPending();
                }
                sink.close();
            } catch (IOException e) {
                throw fail(e);
            } finally {
                closed = true;
                pending.clear();
                allocator.close();
            }
        }
    }

    /** Chooses the recording's identity, batching and sink. */
    public static final class Builder {
        private final ApplicationId applicationId;
        private RecordingId recordingId = RecordingId.random();
        private BatcherConfig batching = BatcherConfig.DEFAULT;
        private boolean logTime = true;
        private BufferAllocator allocator;

        private Builder(ApplicationId applicationId) {
            this.applicationId = requireNonNull(applicationId, "applicationId is null");
        }

        /** Log into this recording (default: a random id). */
        public Builder recordingId(String recordingId) {
            this.recordingId = RecordingId.of(recordingId);
            return this;
        }

        public Builder batching(BatcherConfig batching) {
            this.batching = requireNonNull(batching, "batching is null");
            return this;
        }

        /** Whether every row also gets the wall-clock {@code log_time} timeline (default: yes, as in Rerun). */
        public Builder logTime(boolean logTime) {
            this.logTime = logTime;
            return this;
        }

        /** Allocate chunks from a child of this allocator (default: a root allocator of the stream's own). */
        public Builder allocator(BufferAllocator allocator) {
            this.allocator = allocator;
            return this;
        }

        public RecordingStream saveTo(Path file) throws IOException {
            return to(RecordingSink.file(file));
        }

        public RecordingStream to(OutputStream out) {
            return to(RecordingSink.stream(out));
        }

        public RecordingStream to(RecordingSink sink) {
            return new RecordingStream(this, requireNonNull(sink, "sink is null"));
        }
    }

    @Override
    public String toString() {
        return "RecordingStream " + storeId + " pending=" + Arrays.toString(pending.keySet().toArray());
    }
}
