package dev.reel.api.bus;

/** Event-bus addresses shared by Reel's bundles and extensions. */
public final class ReelAddresses {
    /**
     * Sources (file, TCP connection, HTTP upload, gRPC stream) send every message they receive here as a
     * {@link LogFrame}, in order, with {@code request}: the viewer store replies once the message is stored and
     * journaled (an empty body), or fails it with {@link #REFUSED} and the reason as {@code <kind>: <message>},
     * where the kind is a stable code such as {@code bad-chunk} ({@code RecordingFormatException.code()}).
     * Waiting for replies is how a source applies backpressure.
     */
    public static final String INGEST = "reel.ingest";

    /**
     * The viewer store publishes here every frame it accepted, in the order it accepted them: the live log that
     * subscribers, recorders and other bundles follow. Each message carries the header {@link #SEQUENCE}: the
     * frame's number in the store's order of acceptance, which a reader that started from a snapshot of the
     * store compares with the snapshot's to continue without gap or duplicate.
     */
    public static final String LOG = "reel.log";

    /** Header of {@link #LOG} messages: the frame's number in the store's order of acceptance (decimal). */
    public static final String SEQUENCE = "reel.sequence";

    /**
     * The viewer store publishes here when a recording opens, grows or is dropped: a JSON object with
     * {@code event} ({@code opened}, {@code grew}, {@code dropped}) and the store id fields {@code kind},
     * {@code application_id}, {@code recording_id}.
     */
    public static final String RECORDING_EVENTS = "reel.recordings.events";

    /** The failure code of an {@link #INGEST} request the store refused. */
    public static final int REFUSED = 400;

    private ReelAddresses() {}
}
