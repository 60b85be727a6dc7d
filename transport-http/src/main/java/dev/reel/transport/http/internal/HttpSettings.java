package dev.reel.transport.http.internal;

import dev.reel.store.feed.IngestWindow;
import java.util.Arrays;
import java.util.List;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Limits of the HTTP transport, from {@code reel.transport.http.*} settings.
 *
 * @param maxMessageBytes an uploaded or gRPC message larger than this is refused
 * @param windowBytes bytes an upload or gRPC writer may have in flight to the store before its input is paused
 * @param readerQueueBytes a follower ({@code ?follow=true}, gRPC {@code ReadMessages}) that falls this far behind
 *     is dropped
 * @param corsOrigins regular expressions of the origins whose pages may call the server
 * @param tokens the bearer tokens that may use the server; none for an open server
 * @param webViewerDir the bundled Rerun web viewer the web page embeds; empty when not bundled
 * @param webPage whether {@code /} serves the web page ({@code web-page=false}: a server without one, e.g.
 *     the reel-ingest distribution)
 */
record HttpSettings(long maxMessageBytes, long windowBytes, long readerQueueBytes, List<String> corsOrigins,
        AccessTokens tokens, Optional<Path> webViewerDir, boolean webPage) {
    /** {@code http://127.0.0.1:PORT}, {@code http://localhost:PORT}, {@code http://[::1]:PORT}, and https. */
    static final String LOOPBACK_ORIGIN = "https?://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:\\d{1,5})?";

    static HttpSettings defaults() {
        return from(Map.of());
    }

    static HttpSettings from(Map<String, String> settings) {
        return new HttpSettings(
                size(settings, "max-message-bytes", IngestWindow.defaultMaxMessageBytes()),
                size(settings, "window-bytes", IngestWindow.defaultWindowBytes()),
                size(settings, "reader-queue-bytes", 64L << 20),
                origins(settings.get("cors-origins")),
                AccessTokens.from(settings),
                Optional.ofNullable(settings.get("web-viewer-dir")).filter(dir -> !dir.isBlank()).map(Path::of),
                !"false".equalsIgnoreCase(settings.getOrDefault("web-page", "true").trim()));
    }

    /**
     * The origins whose pages may call the server (CORS), as regular expressions: from a comma-separated list of
     * origins where {@code *} stands for any host part or port ({@code https://*.example.com},
     * {@code http://localhost:*}); loopback origins when not set.
     */
    private static List<String> origins(String value) {
        if (value == null || value.isBlank()) {
            return List.of(LOOPBACK_ORIGIN);
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(origin -> !origin.isEmpty())
                .map(origin -> {
                    if (!origin.matches("https?://[^/]+")) {
                        throw new IllegalArgumentException("reel.transport.http.cors-origins: '" + origin
                                + "' is not an origin (scheme://host[:port], * for any part)");
                    }
                    return Arrays.stream(origin.split("\\*", -1)).map(Pattern::quote)
                            .collect(Collectors.joining("[^/]*"));
                }).toList();
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
