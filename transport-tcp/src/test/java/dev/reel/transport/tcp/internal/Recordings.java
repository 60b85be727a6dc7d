package dev.reel.transport.tcp.internal;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.RrdReader;
import dev.reel.rrd.RrdStreamDecoder;
import dev.reel.rrd.StoreAttribution;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.Blueprint;
import dev.reel.rrd.sdk.EncodedImage;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextDocument;
import dev.reel.store.StoreHub;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;

/** {@code .rrd} streams for the tests, logged with Reel's Java API as a producer would, and what they hold. */
final class Recordings {
    private Recordings() {}

    /**
     * A static description, then a scalar per frame on the {@code frame} timeline (8 rows per chunk), then, if
     * asked, a blueprint of the application made active and default.
     */
    static byte[] scalars(String application, String recording, int frames, boolean blueprint) {
        return logged(application, recording, new BatcherConfig(8, 1 << 20, Duration.ZERO), rec -> {
            rec.logStatic("description", TextDocument.of("a test recording"));
            for (int frame = 0; frame < frames; frame++) {
                rec.setTime("frame", frame);
                rec.log("value", Scalars.of(frame));
            }
            if (blueprint) {
                rec.flush();
                rec.sendBlueprint(Blueprint.empty().withTimePanel(Blueprint.PanelState.EXPANDED), true, true);
            }
        });
    }

    /** One chunk per image of {@code imageBytes} random bytes: large messages. */
    static byte[] images(String application, String recording, int images, int imageBytes) {
        SplittableRandom random = new SplittableRandom(images);
        return logged(application, recording, BatcherConfig.NONE, rec -> {
            for (int frame = 0; frame < images; frame++) {
                byte[] image = new byte[imageBytes];
                random.nextBytes(image);
                rec.setTime("frame", frame);
                rec.log("camera", EncodedImage.of(image, "image/jpeg"));
            }
        });
    }

    private static byte[] logged(String application, String recording, BatcherConfig batching,
            Consumer<RecordingStream> logging) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder(application).recordingId(recording).logTime(false)
                .batching(batching).to(out)) {
            logging.accept(rec);
        }
        return out.toByteArray();
    }

    /** The messages of a stream as framed, not decoded. */
    static List<RrdFrame> frames(byte[] stream) throws IOException {
        List<RrdFrame> frames = new ArrayList<>();
        RrdStreamDecoder decoder = new RrdStreamDecoder("test", Integer.MAX_VALUE);
        decoder.push(ByteBuffer.wrap(stream), frames::add);
        decoder.finish(frames::add);
        return frames;
    }

    /** The messages of a stream as a source sends them on the bus: framed and attributed to their stores. */
    static List<LogFrame> attributed(byte[] stream) throws IOException {
        StoreAttribution attribution = new StoreAttribution("test");
        List<LogFrame> attributed = new ArrayList<>();
        for (RrdFrame frame : frames(stream)) {
            attribution.attribute(frame).ifPresent(attributed::add);
        }
        return attributed;
    }

    /** Decodes a stream into the hub, as the store's ingest does. */
    static void ingest(StoreHub hub, byte[] stream, BufferAllocator allocator) throws IOException {
        RrdReader.read(new ByteArrayInputStream(stream), "test", allocator, DecodeOptions.DEFAULT,
                (LogMsg message) -> hub.ingest(message, "test"));
    }

    static byte[] concat(byte[]... streams) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] stream : streams) {
            out.writeBytes(stream);
        }
        return out.toByteArray();
    }
}
