package dev.reel.store.internal;

import dev.reel.api.bus.LogFrame;
import dev.reel.rrd.RrdStreamDecoder;
import dev.reel.rrd.StoreAttribution;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.Blueprint;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Frames as a source sends them to the store, made with Reel's logging API: what the journal tests journal. */
final class JournalFrames {
    private JournalFrames() {}

    /** A recording of {@code rows} scalar rows and a static text, optionally with a blueprint, as frames. */
    static List<LogFrame> recording(String application, String recording, int rows, boolean blueprint)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder(application).recordingId(recording).logTime(false)
                .batching(new BatcherConfig(8, 1 << 20, Duration.ZERO)).to(out)) {
            rec.logStatic("about", TextLog.of(recording));
            for (int frame = 0; frame < rows; frame++) {
                rec.setTime("frame", frame);
                rec.log("value", Scalars.of(frame));
            }
            if (blueprint) {
                rec.sendBlueprint(Blueprint.empty().withTimePanel(Blueprint.PanelState.COLLAPSED), true, true);
            }
        }
        return frames(out.toByteArray());
    }

    static List<LogFrame> frames(byte[] stream) throws IOException {
        List<LogFrame> frames = new ArrayList<>();
        StoreAttribution attribution = new StoreAttribution("test");
        RrdStreamDecoder decoder = new RrdStreamDecoder("test", Integer.MAX_VALUE);
        decoder.push(ByteBuffer.wrap(stream), frame -> attribution.attribute(frame).ifPresent(frames::add));
        decoder.finish(frame -> attribution.attribute(frame).ifPresent(frames::add));
        return frames;
    }
}
