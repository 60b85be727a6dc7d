package dev.reel.rrd.tools;

import dev.reel.api.ApplicationId;
import dev.reel.api.RecordingId;
import dev.reel.api.StoreId;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.MessageKind;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdEncoder;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.RrdEnvelope;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.StoreAttribution;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.RootAllocator;

/** What {@code reel rrd route} does: rewrites store ids message by message, without decoding the Arrow data. */
public final class RrdRouter {
    private final PrintWriter err;
    private final String applicationId;
    private final String recordingId;
    private final boolean continueOnError;

    /**
     * @param err where warnings and progress go
     * @param applicationId the new application id, or null to keep each message's
     * @param recordingId the new recording id, or null to keep each message's
     * @param continueOnError skip bad messages (reported on {@code err}) instead of stopping at the first
     */
    public RrdRouter(PrintWriter err, String applicationId, String recordingId, boolean continueOnError) {
        this.err = err;
        this.applicationId = applicationId;
        this.recordingId = recordingId;
        this.continueOnError = continueOnError;
    }

    /** Writes the inputs with the new ids to {@code target} (null: standard output). */
    public void route(List<RrdInput> inputs, Path target) throws IOException {
        boolean dropActivations = recordingId != null && inputs.size() > 1;
        try (RootAllocator allocator = new RootAllocator();
                RrdOutput output = RrdOutput.open(target, inputs)) {
            RrdEncoder encoder = new RrdEncoder(output.stream(), Compression.LZ4);
            RrdScan scan = new RrdScan(inputs, allocator, err, continueOnError);
            scan.run(new RrdScan.Listener() {
                /** Rerun's attribution is per source: a store info announces its application to that file only. */
                private final Map<RrdInput, StoreAttribution> attributions = new HashMap<>();

                @Override
                public void frame(RrdInput input, RrdFrame frame) throws IOException {
                    if (frame.messageKind() == MessageKind.BLUEPRINT_ACTIVATION_COMMAND && dropActivations) {
                        return;
                    }
                    try {
                        encoder.write(routed(input, frame));
                    } catch (RrdFormatException e) {
                        scan.skip(e);
                    }
                }

                @Override
                public void inputEnded(RrdInput input) {
                    attributions.remove(input);
                }

                private LogFrame routed(RrdInput input, RrdFrame frame) throws RrdFormatException {
                    StoreAttribution attribution = attributions.computeIfAbsent(input,
                            i -> new StoreAttribution(i.name()));
                    RrdEnvelope envelope = RrdEnvelope.read(frame, input.name());
                    Optional<LogFrame> attributed = attribution.attribute(frame);
                    String application = applicationId != null ? applicationId
                            : attributed.map(f -> f.storeId().applicationId().value()).orElse(null);
                    if (application == null) {
                        throw new RrdFormatException(RrdFormatException.Kind.BAD_PROTOBUF, input.name(),
                                frame.offset(), frame.messageKind() + " of recording '" + envelope.recordingId()
                                        + "' names no application and no store info came before it; give "
                                        + "--application-id");
                    }
                    StoreId routed = new StoreId(envelope.storeKind(), ApplicationId.of(application),
                            RecordingId.of(recordingId != null ? recordingId : envelope.recordingId()));
                    if (attributed.isPresent() && attributed.get().storeId().equals(routed)) {
                        return attributed.get();
                    }
                    return new LogFrame(input.name(), frame.offset(), frame.messageKind(), routed,
                            envelope.isStatic(), RrdEnvelope.rewrite(frame.messageKind(), frame.payload(), routed,
                                    input.name(), frame.offset()));
                }
            }, false);
            encoder.close();
            output.commit();
        }
    }
}
