package dev.reel.rrd.tools;

import static java.util.Objects.requireNonNull;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.RrdManifest;
import dev.reel.rrd.RrdStreamDecoder;
import dev.reel.rrd.StreamFooter;
import dev.reel.rrd.StreamHeader;
import dev.reel.rrd.RrdCodec;
import dev.reel.rrd.StoreAttribution;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Reads the inputs of a verb one after another through Rerun's framing (streams, concatenated streams,
 * footers) and hands every message to a {@link Listener}, as raw frame and, when asked, decoded.
 *
 * <p>Errors stop the verb, unless it continues on error: then a bad message is skipped and an error in the
 * framing ends that input; both are reported on standard error as warnings.
 */
final class RrdScan {
    private static final int READ_SIZE = 1 << 20;
    private static final RrdCodec CODEC = new RrdCodec();

    /** What a verb does with the inputs. Messages handed to {@link #message} belong to the listener. */
    interface Listener {
        default void streamStarted(RrdInput input, StreamHeader header, long offset) throws IOException {}

        /** Every message, before it is decoded. */
        default void frame(RrdInput input, RrdFrame frame) throws IOException {}

        /** Every message that decoded, when the scan decodes; the listener must close it. */
        default void message(RrdInput input, RrdFrame frame, LogMsg message) throws IOException {
            message.close();
        }

        /** A stream ended: its {@code End} frame (the footer payload) and, from 0.28 on, its verified trailer. */
        default void streamEnded(RrdInput input, RrdFrame end, StreamFooter footer) throws IOException {}

        /** An input was read to its end, or abandoned after an error when continuing on error. */
        default void inputEnded(RrdInput input) throws IOException {}

        /**
         * True if the listener reads the footers' manifests ({@link RrdScan#manifests} in {@link #streamEnded}): a
         * decoding scan then decodes them on its workers too, before the stream's end reaches the listener.
         */
        default boolean readsManifests() {
            return false;
        }
    }

    /** The manifests of the {@code End} frame whose stream end is being delivered, decoded on a worker. */
    private record DecodedManifests(RrdFrame end, List<RrdManifest> manifests, RrdFormatException error) {}

    private final List<RrdInput> inputs;
    private final BufferAllocator allocator;
    private final PrintWriter err;
    private final Consumer<RrdFormatException> onSkip;
    private int skipped;
    private DecodedManifests decodedManifests;

    /** With {@code continueOnError}, errors are reported on standard error as warnings and skipped. */
    RrdScan(List<RrdInput> inputs, BufferAllocator allocator, PrintWriter err, boolean continueOnError) {
        this(inputs, allocator, err, continueOnError ? error -> warn(err, error) : null);
    }

    /**
     * @param onSkip hears about every error that is skipped; null stops at the first error
     */
    RrdScan(List<RrdInput> inputs, BufferAllocator allocator, PrintWriter err, Consumer<RrdFormatException> onSkip) {
        this.inputs = List.copyOf(inputs);
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.err = requireNonNull(err, "err is null");
        this.onSkip = onSkip;
    }

    List<RrdInput> inputs() {
        return inputs;
    }

    /** Reads every input; with {@code decode}, every message is also decoded for {@link Listener#message}. */
    void run(Listener listener, boolean decode) throws IOException {
        long total = 0;
        for (RrdInput input : inputs) {
            total += Math.max(0, input.size());
        }
        try (Progress progress = Progress.start(err, total)) {
            for (RrdInput input : inputs) {
                read(input, listener, decode, progress);
            }
        }
    }

    private void read(RrdInput input, Listener listener, boolean decode, Progress progress) throws IOException {
        long size = input.size();
        long maxFrame = size >= 0 ? Math.min(size, DecodeOptions.DEFAULT_MAX_MESSAGE_BYTES)
                : DecodeOptions.DEFAULT_MAX_MESSAGE_BYTES;
        RrdStreamDecoder frames = new RrdStreamDecoder(input.name(), maxFrame);
        StoreAttribution attribution = new StoreAttribution(input.name());
        try (DecodePipeline pipeline = new DecodePipeline()) {
            RrdStreamDecoder.Listener adapter = decode ? decoding(input, listener, attribution, pipeline)
                    : framesOnly(input, listener);
            try (InputStream in = progress.track(input.open())) {
                byte[] buffer = new byte[READ_SIZE];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    frames.push(ByteBuffer.wrap(buffer, 0, n), adapter);
                }
                frames.finish(adapter);
                pipeline.drain();
            } catch (RrdFormatException e) {
                if (onSkip != null) {
                    pipeline.drain(); // continuing: what came before the bad bytes first, in order
                }
                skip(e);
            }
        }
        listener.inputEnded(input);
    }

    private static RrdStreamDecoder.Listener framesOnly(RrdInput input, Listener listener) {
        return new RrdStreamDecoder.Listener() {
            @Override
            public void streamStarted(StreamHeader header, long offset) throws IOException {
                listener.streamStarted(input, header, offset);
            }

            @Override
            public void frame(RrdFrame frame) throws IOException {
                listener.frame(input, frame);
            }

            @Override
            public void streamEnded(RrdFrame end, StreamFooter footer) throws IOException {
                listener.streamEnded(input, end, footer);
            }
        };
    }

    /**
     * Attributes frames to their stores here, in order, and decodes them on the pipeline's workers; the
     * listener hears of every frame, message and stream boundary in stream order, on this thread.
     */
    private RrdStreamDecoder.Listener decoding(RrdInput input, Listener listener, StoreAttribution attribution,
            DecodePipeline pipeline) {
        return new RrdStreamDecoder.Listener() {
            @Override
            public void streamStarted(StreamHeader header, long offset) throws IOException {
                pipeline.then((none, error) -> listener.streamStarted(input, header, offset));
            }

            @Override
            public void frame(RrdFrame frame) throws IOException {
                Optional<LogFrame> attributed;
                try {
                    attributed = attribution.attribute(frame);
                } catch (RrdFormatException e) {
                    pipeline.then((none, error) -> {
                        listener.frame(input, frame);
                        skip(e);
                    });
                    return;
                }
                if (attributed.isEmpty()) {
                    pipeline.then((none, error) -> listener.frame(input, frame));
                    return;
                }
                LogFrame logFrame = attributed.get();
                pipeline.decode(() -> CODEC.decode(logFrame, allocator), frame.payload().length, (message, error) -> {
                    try {
                        listener.frame(input, frame);
                    } catch (IOException | RuntimeException e) {
                        if (message != null) {
                            message.close();
                        }
                        throw e;
                    }
                    if (error != null) {
                        skip(error);
                    } else {
                        listener.message(input, frame, message);
                    }
                });
            }

            @Override
            public void streamEnded(RrdFrame end, StreamFooter footer) throws IOException {
                if (!listener.readsManifests()) {
                    pipeline.then((none, error) -> listener.streamEnded(input, end, footer));
                    return;
                }
                // on a worker: a file of many short streams (concatenated recordings) has as many footers
                pipeline.decode(() -> RrdManifest.ofEnd(end, input.name(), allocator), end.payload().length,
                        (manifests, error) -> {
                            decodedManifests = new DecodedManifests(end, manifests, error);
                            try {
                                listener.streamEnded(input, end, footer);
                            } finally {
                                decodedManifests = null;
                            }
                        });
            }
        };
    }

    /** The footer manifests an {@code End} frame carries; none for a legacy (empty) {@code End}. */
    List<RrdManifest> manifests(RrdInput input, RrdFrame end) throws RrdFormatException {
        DecodedManifests decoded = decodedManifests;
        if (decoded != null && decoded.end() == end) {
            if (decoded.error() != null) {
                throw decoded.error();
            }
            return decoded.manifests();
        }
        return RrdManifest.ofEnd(end, input.name(), allocator);
    }

    /** Skips an error when continuing on error, else throws it. */
    void skip(RrdFormatException error) throws RrdFormatException {
        if (onSkip == null) {
            throw error;
        }
        skipped++;
        onSkip.accept(error);
    }

    private static void warn(PrintWriter err, RrdFormatException error) {
        err.println("reel: warning: " + error.getMessage() + " (skipped)");
        err.flush();
    }

    /** How many errors were skipped. */
    int skipped() {
        return skipped;
    }
}
