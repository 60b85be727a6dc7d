package dev.reel.distribution.cli;

import picocli.CommandLine.Option;

/** {@code --server} and {@code --json}, as a picocli mixin of the commands that talk to a running server. */
final class ServerOptions {
    @Option(names = "--server", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9876",
            description = "The server's HTTP port (default: ${DEFAULT-VALUE}).")
    private String server;

    @Option(names = "--json", description = "Print the server's answer as JSON, for scripts.")
    private boolean json;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:REEL_TOKEN}",
            description = "The bearer token, when the server requires one (default: the REEL_TOKEN environment "
                    + "variable).")
    private String token;

    CatalogClient client() {
        return new CatalogClient(HostPort.parse("--server", server), token == null ? "" : token.trim());
    }

    boolean json() {
        return json;
    }
}
