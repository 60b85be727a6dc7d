package dev.reel.transport.http.internal;

import java.util.Map;

/**
 * Limits of the HTTP transport, from {@code reel.transport.http.*} settings.
 *
 * @param maxMessageBytes an uploaded or gRPC message larger than this is refused
 * @param windowBytes bytes an upload or gRPC writer may have in flight to the store before its input is paused
 * @param readerQueueBytes a follower ({@code ?follow=true}, gRPC {@code ReadMessages}) that falls this far behind
 *     is dropped
 */
record HttpSettings(long maxMessageBytes, long windowBytes, long readerQueueBytes) {
    static HttpSettings defaults() {
        return from(Map.of());
    }

    static HttpSettings from(Map<String, String> settings) {
        return new HttpSettings(
                size(settings, "max-message-bytes", 256L << 20),
                size(settings, "window-bytes", 64L << 20),
                size(settings, "reader-queue-bytes", 64L << 20));
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
            throw new IllegalArgumentException("reel.transport.http." + key + " must be a positive number, got '"
                    + value + "'", e);
        }
    }
}
