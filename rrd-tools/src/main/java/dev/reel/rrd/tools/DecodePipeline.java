package dev.reel.rrd.tools;

import dev.reel.rrd.RrdFormatException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decodes messages (and footers) on worker threads while the reading thread frames the next ones, and hands the
 * results back on the reading thread in stream order: a verb sees exactly the sequence of calls it would see
 * decoding one message at a time. Decoding is most of a file tool's work on small chunks and each message decodes
 * on its own, so a machine's other cores take it on. Messages go to the workers in batches of up to
 * {@value #BATCH_ENTRIES} (one hand-over between threads per batch: per message, waking a worker and being woken
 * took a tenth of the CPU on chunks of a few KB); each result is handed back as soon as it is decoded, and a batch
 * the reading thread waits for leaves at once. Never more than {@link #MAX_ENTRIES} entries or {@link #MAX_BYTES}
 * of their payloads wait at once.
 */
final class DecodePipeline implements AutoCloseable {
    private static final int WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final int BATCH_ENTRIES = 16;
    private static final long BATCH_BYTES = 1L << 20;
    private static final int MAX_ENTRIES = 4 * WORKERS * BATCH_ENTRIES;
    private static final long MAX_BYTES = 64L << 20;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService DECODERS = Executors.newFixedThreadPool(WORKERS, task -> {
        Thread thread = new Thread(task, "reel-decode-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    /** What the reading thread does with an entry once it is decoded (or failed to). */
    interface Delivery<T> {
        /** @param result what was decoded, which the delivery owns; null when nothing was or on error */
        void deliver(T result, RrdFormatException error) throws IOException;
    }

    /** Decodings run one after another by one worker, each completing its own future. */
    private static final class Batch implements Runnable {
        private final List<Callable<?>> work = new ArrayList<>(BATCH_ENTRIES);
        private final List<CompletableFuture<Object>> results = new ArrayList<>(BATCH_ENTRIES);
        private long bytes;
        private boolean submitted;

        CompletableFuture<Object> add(Callable<?> decoding, long size) {
            CompletableFuture<Object> result = new CompletableFuture<>();
            work.add(decoding);
            results.add(result);
            bytes += size;
            return result;
        }

        boolean isFull() {
            return work.size() >= BATCH_ENTRIES || bytes >= BATCH_BYTES;
        }

        @Override
        public void run() {
            for (int i = 0; i < work.size(); i++) {
                try {
                    results.get(i).complete(work.get(i).call());
                } catch (Throwable e) {
                    results.get(i).completeExceptionally(e);
                }
            }
        }
    }

    /**
     * An event in stream order: what is being decoded in which batch (none when nothing is) and what to do then.
     */
    private record Entry<T>(Batch batch, CompletableFuture<Object> decoding, long bytes, Delivery<T> delivery) {
        @SuppressWarnings("unchecked") // the batch completes the future with what the entry's Callable<T> returned
        void deliver() throws IOException {
            T result = null;
            RrdFormatException error = null;
            if (decoding != null) {
                try {
                    result = (T) result(decoding);
                } catch (RrdFormatException e) {
                    error = e;
                }
            }
            delivery.deliver(result, error);
        }
    }

    private final Deque<Entry<?>> pending = new ArrayDeque<>();
    private long pendingBytes;
    private Batch forming;

    /**
     * Starts decoding {@code bytes} payload bytes (a message, a footer); {@code delivery} runs in order once done.
     * A result that is {@link AutoCloseable} is closed if it is never delivered.
     */
    <T> void decode(Callable<T> decoding, long bytes, Delivery<T> delivery) throws IOException {
        if (forming == null) {
            forming = new Batch();
        }
        Batch batch = forming;
        CompletableFuture<Object> result = batch.add(decoding, bytes);
        if (batch.isFull()) {
            submit(batch);
        }
        add(new Entry<>(batch, result, bytes, delivery));
    }

    /** Queues an event without decoding (a stream's start or end, a message not decoded): it runs in order. */
    void then(Delivery<Void> delivery) throws IOException {
        add(new Entry<>(null, null, 0, delivery));
    }

    private void add(Entry<?> entry) throws IOException {
        pending.addLast(entry);
        pendingBytes += entry.bytes();
        while (pending.size() > MAX_ENTRIES || pendingBytes > MAX_BYTES) {
            deliverNext();
        }
    }

    private void submit(Batch batch) {
        if (!batch.submitted) {
            batch.submitted = true;
            DECODERS.execute(batch);
        }
        if (forming == batch) {
            forming = null;
        }
    }

    /** Delivers everything queued, in order. */
    void drain() throws IOException {
        while (!pending.isEmpty()) {
            deliverNext();
        }
    }

    private void deliverNext() throws IOException {
        Entry<?> entry = pending.removeFirst();
        pendingBytes -= entry.bytes();
        if (entry.batch() != null) {
            submit(entry.batch()); // waiting for it: it leaves now, full or not
        }
        entry.deliver();
    }

    private static Object result(CompletableFuture<Object> decoding) throws IOException {
        try {
            return decoding.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while decoding", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RrdFormatException format) {
                throw format;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Drops what was not delivered (after an error), releasing what was decoded for it. */
    @Override
    public void close() {
        while (!pending.isEmpty()) {
            Entry<?> entry = pending.removeFirst();
            if (entry.batch() == null || !entry.batch().submitted) {
                continue; // never decoded
            }
            try {
                if (result(entry.decoding()) instanceof AutoCloseable decoded) {
                    decoded.close();
                }
            } catch (Exception e) {
                // the scan already failed; this entry's own error adds nothing
            }
        }
        forming = null;
        pendingBytes = 0;
    }
}
