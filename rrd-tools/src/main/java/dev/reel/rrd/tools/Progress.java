package dev.reel.rrd.tools;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.concurrent.TimeUnit;

/**
 * A one-line progress bar on standard error for long inputs: bytes read of the total and the rate. Shown only
 * when standard error is a terminal, the inputs are larger than {@link #THRESHOLD_BYTES} and no {@code CI}
 * variable is set, so pipes, logs and CI never see it; {@link #none} for output meant for scripts.
 */
public final class Progress implements AutoCloseable {
    static final long THRESHOLD_BYTES = 50L << 20;
    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final PrintWriter err;
    private final long total;
    private final boolean enabled;
    /** For a count of items of unknown total: what is done to what ("registered", "files"); null for bytes. */
    private final String verb;
    private final String items;
    private final long started = System.nanoTime();
    private long done;
    private long lastDraw;
    private int drawnWidth;

    private Progress(PrintWriter err, long total, boolean enabled, String verb, String items) {
        this.err = err;
        this.total = total;
        this.enabled = enabled;
        this.verb = verb;
        this.items = items;
    }

    /** A progress bar on {@code err} for {@code totalBytes}, drawn only where it helps (see above). */
    public static Progress start(PrintWriter err, long totalBytes) {
        boolean enabled = totalBytes > THRESHOLD_BYTES && System.getenv("CI") == null
                && Terminal.isTerminal(Terminal.STDERR);
        return new Progress(err, totalBytes, enabled, null, null);
    }

    /**
     * A counter on {@code err} for work of unknown size, such as the files of a prefix registration ("registered
     * 1,234 files, 612/s"), drawn on a terminal outside CI; {@link #update} gives the count so far.
     */
    public static Progress counting(PrintWriter err, String verb, String items) {
        boolean enabled = System.getenv("CI") == null && Terminal.isTerminal(Terminal.STDERR);
        return new Progress(err, 0, enabled, verb, items);
    }

    /**
     * No progress at all, even on a terminal: for commands whose output is for scripts ({@code --json}), where a
     * redrawn line would only get in the way.
     */
    public static Progress none() {
        return new Progress(new PrintWriter(Writer.nullWriter()), 0, false, null, null);
    }

    /** Counts the bytes read from {@code in}. */
    InputStream track(InputStream in) {
        if (!enabled) {
            return in;
        }
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    advance(1);
                }
                return b;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                int n = super.read(bytes, offset, length);
                if (n > 0) {
                    advance(n);
                }
                return n;
            }
        };
    }

    /** Sets how many bytes are done (for work that reports its own progress). */
    public void update(long bytesDone) {
        if (enabled) {
            advance(bytesDone - done);
        }
    }

    private void advance(long bytes) {
        done += bytes;
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(now);
        }
    }

    private void draw(long now) {
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        String line = items != null
                ? String.format("%s %,d %s, %,.0f/s", verb, done, items, done / seconds)
                : String.format("reading %s / %s (%d%%), %s/s", Formatting.bytes(done), Formatting.bytes(total),
                        total > 0 ? done * 100 / total : 0, Formatting.bytes(done / seconds));
        err.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
        err.flush();
        drawnWidth = line.length();
    }

    /** Clears the line. */
    @Override
    public void close() {
        if (drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            err.flush();
            drawnWidth = 0;
        }
    }
}
