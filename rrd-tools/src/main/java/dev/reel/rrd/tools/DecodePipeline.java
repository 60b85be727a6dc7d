package dev.reel.rrd.tools;

import dev.reel.rrd.RrdFormatException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decodes messages (and footers) on worker threads while the reading thread frames the next ones, and hands the
 * results back on the reading thread in stream order: a verb sees exactly the sequence of calls it would see
 * decoding one message at a time. Decoding is most of a file tool's work on small chunks and each message decodes
 * on its own, so a machine's other cores take it on. Never more than {@link #MAX_ENTRIES} entries or
 * {@link #MAX_BYTES} of their payloads wait at once.
 */
final class DecodePipeline implements AutoCloseable {
    private static final int WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final int MAX_ENTRIES = 8 * WORKERS;
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

    /** An event in stream order: what is being decoded (null when nothing is) and what to do then. */
    private record Entry<T>(Future<T> decoding, long bytes, Delivery<T> delivery) {
        void deliver() throws IOException {
            T result = null;
            RrdFormatException error = null;
            if (decoding != null) {
                try {
                    result = result(decoding);
                } catch (RrdFormatException e) {
                    error = e;
                }
            }
            delivery.deliver(result, error);
        }
    }

    private final Deque<Entry<?>> pending = new ArrayDeque<>();
    private long pendingBytes;

    /**
     * Starts decoding {@code bytes} payload bytes (a message, a footer); {@code delivery} runs in order once done.
     * A result that is {@link AutoCloseable} is closed if it is never delivered.
     */
    <T> void decode(Callable<T> decoding, long bytes, Delivery<T> delivery) throws IOException {
        add(new Entry<>(DECODERS.submit(decoding), bytes, delivery));
    }

    /** Queues an event without decoding (a stream's start or end, a message not decoded): it runs in order. */
    void then(Delivery<Void> delivery) throws IOException {
        add(new Entry<>(null, 0, delivery));
    }

    private void add(Entry<?> entry) throws IOException {
        pending.addLast(entry);
        pendingBytes += entry.bytes();
        while (pending.size() > MAX_ENTRIES || pendingBytes > MAX_BYTES) {
            deliverNext();
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
        entry.deliver();
    }

    private static <T> T result(Future<T> decoding) throws IOException {
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
            throw new IOException(e.getCause());
        }
    }

    /** Drops what was not delivered (after an error), releasing the messages decoded for it. */
    @Override
    public void close() {
        while (!pending.isEmpty()) {
            Future<?> decoding = pending.removeFirst().decoding();
            if (decoding == null) {
                continue;
            }
            try {
                if (result(decoding) instanceof AutoCloseable decoded) {
                    decoded.close();
                }
            } catch (Exception e) {
                // the scan already failed; this entry's own error adds nothing
            }
        }
        pendingBytes = 0;
    }
}
