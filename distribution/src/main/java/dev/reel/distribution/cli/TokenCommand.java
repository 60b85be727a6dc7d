package dev.reel.distribution.cli;

import dev.reel.distribution.CliException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code reel token NAME}: makes a bearer token for the HTTP port and prints it with the line that lets it in: the
 * server's config holds only the token's SHA-256, so the token is shown once and never stored.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Makes a bearer token for the HTTP port (REST, gRPC, the web page) and prints it with the "
                + "config line that lets it in. Put the line in the file 'reel serve --config' reads; with any "
                + "token configured, every request needs one ('Authorization: Bearer <token>', or --token / "
                + "REEL_TOKEN for reel's own commands). Only the token's SHA-256 goes in the config: keep the "
                + "token itself where your client reads it."})
public final class TokenCommand implements Callable<Integer> {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Parameters(paramLabel = "NAME", description = "What the token is for (letters, digits, '-', '_'): it names "
            + "the config key and the log lines of refused requests.")
    private String name;

    @Option(names = "--scope", paramLabel = "SCOPE", defaultValue = "read",
            description = "read (GET and reading gRPC calls) or read-write (everything); default: ${DEFAULT-VALUE}.")
    private String scope;

    @Option(names = "--json", description = "Print the token and the config line as JSON.")
    private boolean json;

    @Override
    public Integer call() {
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new CliException(CliException.USAGE, "a token name is 1 to 64 letters, digits, '-' or '_': "
                    + name);
        }
        if (!scope.equals("read") && !scope.equals("read-write")) {
            throw new CliException(CliException.USAGE, "--scope is read or read-write, got " + scope);
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = "reel_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String line = "reel.transport.http.token." + name + "=" + scope + ":sha256:" + sha256(token);
        if (json) {
            System.out.println(new JsonObject().put("name", name).put("scope", scope).put("token", token)
                    .put("config", line).encode());
        } else {
            System.out.println("token:       " + token);
            System.out.println("config line: " + line);
        }
        return 0;
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
