package dev.reel.rrd.tools;

import dev.reel.api.log.LogMsg;
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
 * Decodes messages on worker threads while the reading thread frames the next ones, and hands the results back
 * on the reading thread in stream order: a verb sees exactly the sequence of calls it would see decoding one
 * message at a time. Decoding is most of a file tool's work on small chunks and each message decodes on its own,
 * so a machine's other cores take it on. Never more than {@link #MAX_ENTRIES} messages or
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

    /** What the reading thread does with an entry once its message is decoded (or failed to). */
    interface Delivery {
        /** @param message the decoded message, which the delivery owns; null when none or on error */
        void deliver(LogMsg message, RrdFormatException error) throws IOException;
    }

    /** An event in stream order: a message being decoded (null for one that needs none) and what to do then. */
    private record Entry(Future<LogMsg> decoding, long bytes, Delivery delivery) {}

    private final Deque<Entry> pending = new ArrayDeque<>();
    private long pendingBytes;

    /** Starts decoding a message of {@code bytes} payload bytes; {@code delivery} runs in order once done. */
    void decode(Callable<LogMsg> decoding, long bytes, Delivery delivery) throws IOException {
        add(new Entry(DECODERS.submit(decoding), bytes, delivery));
    }

    /** Queues an event without decoding (a stream's start or end, a message not decoded): it runs in order. */
    void then(Delivery delivery) throws IOException {
        add(new Entry(null, 0, delivery));
    }

    private void add(Entry entry) throws IOException {
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
        Entry entry = pending.removeFirst();
        pendingBytes -= entry.bytes();
        LogMsg message = null;
        RrdFormatException error = null;
        if (entry.decoding() != null) {
            try {
                message = result(entry.decoding());
            } catch (RrdFormatException e) {
                error = e;
            }
        }
        entry.delivery().deliver(message, error);
    }

    private static LogMsg result(Future<LogMsg> decoding) throws IOException {
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
            Future<LogMsg> decoding = pending.removeFirst().decoding();
            if (decoding == null) {
                continue;
            }
            try {
                LogMsg message = result(decoding);
                if (message != null) {
                    message.close();
                }
            } catch (IOException | RuntimeException e) {
                // the scan already failed; this message's own error adds nothing
            }
        }
        pendingBytes = 0;
    }
}
