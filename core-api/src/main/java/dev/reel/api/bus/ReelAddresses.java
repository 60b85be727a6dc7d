package dev.reel.api.bus;

/** Event-bus addresses shared by Reel's bundles and extensions. */
public final class ReelAddresses {
    /**
     * Sources (file, TCP connection, HTTP upload, gRPC stream) send every message they receive here as a
     * {@link LogFrame}, in order, with {@code request}: the viewer store replies once the message is stored
     * (an empty body) or fails it with the reason. Waiting for replies is how a source applies backpressure.
     */
    public static final String INGEST = "reel.ingest";

    /**
     * The viewer store publishes here every frame it accepted, in the order it accepted them: the live log that
     * subscribers, recorders and other bundles follow.
     */
    public static final String LOG = "reel.log";

    /**
     * The viewer store publishes here when a recording opens, grows or is dropped: a JSON object with
     * {@code event} ({@code opened}, {@code grew}, {@code dropped}) and the store id fields {@code kind},
     * {@code application_id}, {@code recording_id}.
     */
    public static final String RECORDING_EVENTS = "reel.recordings.events";

    private ReelAddresses() {}
}
