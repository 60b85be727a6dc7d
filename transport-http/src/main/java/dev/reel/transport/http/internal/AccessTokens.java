package dev.reel.transport.http.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer tokens that may use the HTTP port, from settings {@code token.<name> = <scope>:sha256:<hex>} (that is
 * {@code reel.transport.http.token.<name>} in a config file; {@code reel token} makes a token and its line). Only
 * the SHA-256 of a token is configured, never the token. With no token configured every request is let in, as
 * on a loopback-only server; with one, every request must carry {@code Authorization: Bearer <token>}.
 */
final class AccessTokens {
    /** What a token allows. */
    enum Scope {
        /** Reading: GET, HEAD, and gRPC calls that only read. */
        READ,
        /** Everything. */
        READ_WRITE;

        static Scope parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "read" -> READ;
                case "read-write" -> READ_WRITE;
                default -> throw new IllegalArgumentException("a token's scope is read or read-write, got '"
                        + text + "'");
            };
        }

        boolean allows(Scope needed) {
            return this == READ_WRITE || needed == READ;
        }

        @Override
        public String toString() {
            return this == READ ? "read" : "read-write";
        }
    }

    static final String PREFIX = "token.";

    /** Token name by the hex SHA-256 of the token. */
    private final Map<String, String> names;
    private final Map<String, Scope> scopes;

    private AccessTokens(Map<String, String> names, Map<String, Scope> scopes) {
        this.names = Map.copyOf(names);
        this.scopes = Map.copyOf(scopes);
    }

    /** @param settings the HTTP transport's settings, without the {@code reel.transport.http.} prefix */
    static AccessTokens from(Map<String, String> settings) {
        Map<String, String> names = new HashMap<>();
        Map<String, Scope> scopes = new HashMap<>();
        settings.forEach((key, value) -> {
            if (!key.startsWith(PREFIX)) {
                return;
            }
            String name = key.substring(PREFIX.length());
            String[] parts = value.trim().split(":", 3);
            if (name.isEmpty() || parts.length != 3 || !parts[1].equals("sha256")
                    || !parts[2].matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("reel.transport.http." + key + " must be "
                        + "<read|read-write>:sha256:<64 hex digits> (reel token makes one), got '" + value + "'");
            }
            String hash = parts[2].toLowerCase(Locale.ROOT);
            names.put(hash, name);
            scopes.put(hash, Scope.parse(parts[0]));
        });
        return new AccessTokens(names, scopes);
    }

    /** True when tokens are configured: every request must then carry one. */
    boolean required() {
        return !scopes.isEmpty();
    }

    /** The scope of the token an {@code Authorization} header carries; empty when absent or unknown. */
    Optional<Scope> scopeOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.ofNullable(scopes.get(sha256(authorization.substring(7).trim())));
    }

    /** The name of the token an {@code Authorization} header carries, for log lines; never the token. */
    Optional<String> nameOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.ofNullable(names.get(sha256(authorization.substring(7).trim())));
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
