package dev.reel.transport.http.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A blocking {@link OutputStream} over a chunked HTTP response, for a worker thread that encodes a stream (a
 * segment's {@code .rrd}): each write goes to Vert.x, and a write that finds the response's queue full waits until
 * the client has read enough, so a slow client holds the writer rather than the server's memory. A client that
 * goes away, or reads nothing for {@link #STALL_LIMIT_SECONDS}, fails the next write.
 */
final class ResponseOutputStream extends OutputStream {
    static final long STALL_LIMIT_SECONDS = 60;

    private final HttpServerResponse response;
    private final String contentType;
    private final String fileName;
    private boolean started;
    private volatile boolean gone;
    private volatile CompletableFuture<Void> drained = CompletableFuture.completedFuture(null);

    /**
     * @param fileName the name a browser saves the answer as
     */
    ResponseOutputStream(HttpServerResponse response, String contentType, String fileName) {
        this.response = response;
        this.contentType = contentType;
        this.fileName = fileName;
        response.closeHandler(v -> {
            gone = true;
            drained.complete(null);
        });
    }

    /** The answer's headers go out with its first bytes, so that a failure before them can still be an error. */
    private void start() {
        if (!started) {
            started = true;
            response.setChunked(true)
                    .putHeader("content-type", contentType)
                    .putHeader("content-disposition", "attachment; filename=\"" + fileName.replace("\"", "") + "\"");
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (gone) {
            throw new IOException("the client closed the connection");
        }
        start();
        response.write(Buffer.buffer(Arrays.copyOfRange(bytes, offset, offset + length)));
        if (response.writeQueueFull()) {
            awaitDrain();
        }
    }

    private void awaitDrain() throws IOException {
        CompletableFuture<Void> waiting = new CompletableFuture<>();
        drained = waiting;
        response.drainHandler(v -> waiting.complete(null));
        if (!response.writeQueueFull() || gone) {
            waiting.complete(null); // drained (or closed) before the handler was in place
        }
        try {
            waiting.get(STALL_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the client was reading");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the client read nothing for " + STALL_LIMIT_SECONDS + " s", e);
        }
        if (gone) {
            throw new IOException("the client closed the connection");
        }
    }

    /** Ends the response. */
    @Override
    public void close() {
        if (!gone) {
            start();
            response.end();
        }
    }
}
