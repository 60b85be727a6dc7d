package dev.reel.distribution.cli;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.reel.api.ApplicationId;
import dev.reel.api.RecordingId;
import dev.reel.api.StoreId;
import dev.reel.api.StoreKind;
import dev.reel.api.log.MessageKind;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdEncoder;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.internal.MessageEncoder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;

/** What {@code reel rrd route} does: rewrites store ids message by message, without decoding the Arrow data. */
final class RrdRouter {
    private final PrintWriter err;
    private final String applicationId;
    private final String recordingId;
    private final boolean continueOnError;

    /**
     * @param applicationId the new application id, or null to keep each message's
     * @param recordingId the new recording id, or null to keep each message's
     */
    RrdRouter(PrintWriter err, String applicationId, String recordingId, boolean continueOnError) {
        this.err = err;
        this.applicationId = applicationId;
        this.recordingId = recordingId;
        this.continueOnError = continueOnError;
    }

    /** Writes the inputs with the new ids to {@code target} (null: standard output). */
    int route(List<RrdInput> inputs, Path target) throws IOException {
        boolean dropActivations = recordingId != null && inputs.size() > 1;
        try (RootAllocator allocator = new RootAllocator();
                RrdOutput output = RrdOutput.open(target, inputs)) {
            RrdEncoder encoder = new RrdEncoder(output.stream(), Compression.LZ4);
            MessageEncoder rewriter = new MessageEncoder(Compression.LZ4);
            RrdScan scan = new RrdScan(inputs, allocator, err, continueOnError);
            scan.run(new RrdScan.Listener() {
                /** Application ids announced per recording id, for old streams whose messages lack one. */
                private final Map<String, String> applications = new HashMap<>();

                @Override
                public void frame(RrdInput input, RrdFrame frame) throws IOException {
                    MessageKind kind = frame.messageKind();
                    if (kind == MessageKind.BLUEPRINT_ACTIVATION_COMMAND && dropActivations) {
                        return;
                    }
                    dev.reel.rrd.internal.proto.StoreId original;
                    try {
                        original = storeIdOf(input, frame);
                    } catch (RrdFormatException e) {
                        scan.skip(e);
                        return;
                    }
                    if (original == null) {
                        encoder.writeFrame(kind.number(), frame.payload(), frame.payload().length);
                        return;
                    }
                    StoreId target = target(input, frame, original);
                    if (target == null) {
                        scan.skip(new RrdFormatException(RrdFormatException.Kind.BAD_PROTOBUF, input.name(),
                                frame.offset(), kind + " of recording '" + original.getRecordingId()
                                        + "' names no application and no store info came before it; give "
                                        + "--application-id"));
                        return;
                    }
                    MessageEncoder.Payload payload = rewriter.withStoreId(kind, frame.payload(),
                            frame.payload().length, target);
                    encoder.writeFrame(kind.number(), payload.bytes(), payload.length());
                }

                private StoreId target(RrdInput input, RrdFrame frame, dev.reel.rrd.internal.proto.StoreId original)
                        throws RrdFormatException {
                    String application = original.hasApplicationId() && !original.getApplicationId().getId().isEmpty()
                            ? original.getApplicationId().getId() : applications.get(original.getRecordingId());
                    if (frame.messageKind() == MessageKind.SET_STORE_INFO && application != null) {
                        applications.put(original.getRecordingId(), application);
                    }
                    String app = applicationId != null ? applicationId : application;
                    String recording = recordingId != null ? recordingId : original.getRecordingId();
                    if (app == null || recording.isEmpty()) {
                        return null;
                    }
                    StoreKind kind;
                    try {
                        kind = StoreKind.fromProtoNumber(original.getKindValue());
                    } catch (IllegalArgumentException e) {
                        throw new RrdFormatException(RrdFormatException.Kind.BAD_PROTOBUF, input.name(),
                                frame.offset(), e.getMessage(), e);
                    }
                    return new StoreId(kind, ApplicationId.of(app), RecordingId.of(recording));
                }
            }, false);
            encoder.close();
            output.commit();
        }
        return 0;
    }

    /**
     * The store id a message names, read without decoding its data (the Arrow payload is aliased, not copied);
     * null when it names none. A store info's legacy application id field stands in for a missing one.
     */
    private static dev.reel.rrd.internal.proto.StoreId storeIdOf(RrdInput input, RrdFrame frame)
            throws RrdFormatException {
        try {
            CodedInputStream in = CodedInputStream.newInstance(frame.payload());
            in.enableAliasing(true);
            return switch (frame.messageKind()) {
                case SET_STORE_INFO -> {
                    var message = dev.reel.rrd.internal.proto.SetStoreInfo.parseFrom(in);
                    if (!message.hasInfo()) {
                        throw new RrdFormatException(RrdFormatException.Kind.BAD_PROTOBUF, input.name(),
                                frame.offset(), "SetStoreInfo has no info");
                    }
                    var info = message.getInfo();
                    if (!info.hasStoreId()) {
                        yield null;
                    }
                    var id = info.getStoreId();
                    yield id.hasApplicationId() || !info.hasApplicationId() ? id
                            : id.toBuilder().setApplicationId(info.getApplicationId()).build();
                }
                case ARROW_MSG -> {
                    var message = dev.reel.rrd.internal.proto.ArrowMsg.parseFrom(in);
                    yield message.hasStoreId() ? message.getStoreId() : null;
                }
                case BLUEPRINT_ACTIVATION_COMMAND -> {
                    var message = dev.reel.rrd.internal.proto.BlueprintActivationCommand.parseFrom(in);
                    yield message.hasBlueprintId() ? message.getBlueprintId() : null;
                }
            };
        } catch (RrdFormatException e) {
            throw e;
        } catch (InvalidProtocolBufferException e) {
            throw new RrdFormatException(RrdFormatException.Kind.BAD_PROTOBUF, input.name(), frame.offset(),
                    frame.messageKind() + " is not valid protobuf: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RrdFormatException(RrdFormatException.Kind.BAD_PROTOBUF, input.name(), frame.offset(),
                    frame.messageKind() + " could not be read: " + e.getMessage(), e);
        }
    }
}
