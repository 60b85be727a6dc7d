package dev.reel.rrd;

import static java.util.Objects.requireNonNull;

import dev.reel.api.ChunkId;
import dev.reel.api.StoreId;
import dev.reel.api.StoreKind;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.MessageKind;
import dev.reel.rrd.internal.Envelopes;

/**
 * What the protobuf envelope of one message says, read without decoding its Arrow data (rerun-rrd-format.md
 * §3): the store it names, and for an {@code ArrowMsg} its chunk id, static flag and payload sizes. This is
 * Rerun's envelope as it is on the wire; {@link StoreAttribution} completes the store id of streams written
 * before 0.25, whose messages name no application.
 *
 * @param kind the message kind
 * @param storeKind the kind of store the message names (for an activation command: blueprint, normally)
 * @param recordingId the recording id the message names; never empty
 * @param applicationId the application the message names, or null when it names none (0.24-era streams put it
 *     only in the store info); for a store info, also its deprecated {@code StoreInfo.application_id}
 * @param arrow for an {@code ArrowMsg}, its Arrow payload; null for other kinds
 */
public record RrdEnvelope(MessageKind kind, StoreKind storeKind, String recordingId, String applicationId,
        Arrow arrow) {
    /**
     * The Arrow part of an {@code ArrowMsg}.
     *
     * @param chunkId the chunk id the envelope carries (since 0.24), or null
     * @param isStatic true if the envelope says the chunk is static (since 0.25; false when it does not say)
     * @param compression how the payload is compressed
     * @param uncompressedBytes the Arrow IPC size the envelope declares (0 when it does not say)
     * @param payloadOffset where the (possibly compressed) Arrow IPC bytes start in the message payload
     * @param payloadLength their length
     */
    public record Arrow(ChunkId chunkId, boolean isStatic, Compression compression, long uncompressedBytes,
            int payloadOffset, int payloadLength) {
        public Arrow {
            requireNonNull(compression, "compression is null");
        }
    }

    public RrdEnvelope {
        requireNonNull(kind, "kind is null");
        requireNonNull(storeKind, "storeKind is null");
        requireNonNull(recordingId, "recordingId is null");
        if ((kind == MessageKind.ARROW_MSG) != (arrow != null)) {
            throw new IllegalArgumentException("an ArrowMsg, and only an ArrowMsg, has an Arrow payload");
        }
    }

    /**
     * Reads the envelope of a frame, checking it as full decoding would (required fields, known schema).
     *
     * @throws RrdFormatException if the envelope is not valid protobuf or lacks a required field
     */
    public static RrdEnvelope read(RrdFrame frame, String source) throws RrdFormatException {
        MessageKind kind = frame.messageKind();
        if (kind == null) {
            throw new IllegalArgumentException("an End frame is not a log message");
        }
        return Envelopes.read(kind, frame.payload(), source, frame.offset());
    }

    /** True if the message names its application itself (0.25 and later). */
    public boolean namesApplication() {
        return applicationId != null;
    }

    /** For an {@code ArrowMsg}, whether the envelope says its chunk is static. */
    public boolean isStatic() {
        return arrow != null && arrow.isStatic();
    }

    /**
     * A payload like {@code payload} (a message of {@code kind}) that names {@code target} instead, written as
     * Rerun 0.25+ writes it (the application inside the store id); the Arrow data is copied, not decoded.
     *
     * @throws RrdFormatException if {@code payload} is not a valid message of that kind
     */
    public static byte[] rewrite(MessageKind kind, byte[] payload, StoreId target, String source, long offset)
            throws RrdFormatException {
        return Envelopes.rewrite(kind, payload, target, source, offset);
    }

    /** The frame, its payload rewritten to name {@code target} (what {@code rrd route} does to each message). */
    public static LogFrame withStoreId(LogFrame frame, StoreId target) throws RrdFormatException {
        if (frame.storeId().equals(target)) {
            return frame;
        }
        return new LogFrame(frame.source(), frame.offset(), frame.kind(), target, frame.isStatic(),
                rewrite(frame.kind(), frame.payload(), target, frame.source(), frame.offset()));
    }
}
