package dev.reel.transport.tcp.internal;

import dev.reel.store.feed.IngestWindow;
import java.util.Map;

/**
 * Limits of the TCP transport, from {@code reel.transport.tcp.*} settings.
 *
 * @param maxMessageBytes a producer's message declaring more is refused and its connection closed
 * @param windowBytes bytes a producer may have in flight to the store before its socket is paused
 * @param subscriberQueueBytes a subscriber that falls this far behind is dropped
 * @param drainMillis after refusing a stream, how long its remaining input is read and discarded (so that the
 *     producer reads the {@code ERROR} line instead of a reset) before the connection is closed
 */
record TcpSettings(long maxMessageBytes, long windowBytes, long subscriberQueueBytes,
        long drainMillis) {
    static TcpSettings from(Map<String, String> settings) {
        return new TcpSettings(
                size(settings, "max-message-bytes", IngestWindow.defaultMaxMessageBytes()),
                size(settings, "window-bytes", IngestWindow.defaultWindowBytes()),
                size(settings, "subscriber-queue-bytes", 64L << 20),
                size(settings, "drain-ms", 10_000));
    }

    private static long size(Map<String, String> settings, String key, long fallback) {
        String value = settings.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed <= 0) {
                throw new NumberFormatException("not positive");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("reel.transport.tcp." + key + " must be a positive number, got '"
                    + value + "'", e);
        }
    }
}
