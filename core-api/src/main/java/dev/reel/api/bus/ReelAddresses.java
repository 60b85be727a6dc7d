package dev.reel.api.bus;

/** Event-bus addresses shared by Reel's bundles and extensions. */
public final class ReelAddresses {
    /**
     * Every source (file, TCP connection, HTTP upload, gRPC stream) publishes the messages it receives here,
     * as {@link LogFrame}s, in the order received. The viewer store and other consumers listen.
     */
    public static final String INGEST = "reel.ingest";

    /**
     * The viewer store publishes here when a recording opens, grows or is dropped: a JSON object with
     * {@code event} ({@code opened}, {@code grew}, {@code dropped}) and the store id fields.
     */
    public static final String RECORDING_EVENTS = "reel.recordings.events";

    private ReelAddresses() {}
}
