package dev.reel.catalog.internal;

import dev.reel.rrd.sdk.AnyValues;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.Blueprint;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextLog;
import java.io.ByteArrayOutputStream;
import java.time.Duration;

/** Recordings for the catalog's tests, written with Reel's logging API. */
final class Recordings {
    private Recordings() {}

    /** A recording of {@code rows} scalar rows on {@code frame} and a static text, optionally a blueprint. */
    static byte[] of(String application, String recording, int rows, boolean blueprint) {
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
        return out.toByteArray();
    }

    /** A recording with one static value on {@code /reading}: a number or a text, for schema conflicts. */
    static byte[] withValue(String application, String recording, Object value) {
        AnyValues values = value instanceof Double number ? AnyValues.of().with("value", number)
                : AnyValues.of().with("value", value.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder(application).recordingId(recording).logTime(false)
                .to(out)) {
            rec.logStatic("reading", values);
        }
        return out.toByteArray();
    }

    /** A stream that holds only a blueprint (what an {@code .rbl} file is). */
    static byte[] blueprintOnly(String application) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder(application).logTime(false).to(out)) {
            rec.sendBlueprint(Blueprint.empty().withTimePanel(Blueprint.PanelState.COLLAPSED), true, true);
        }
        return out.toByteArray();
    }
}
