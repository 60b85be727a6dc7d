package dev.reel.distribution.cli;

import picocli.CommandLine.Option;

/** {@code --server} and {@code --json}, as a picocli mixin of the commands that talk to a running server. */
final class ServerOptions {
    @Option(names = "--server", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9876",
            description = "The server's HTTP port (default: ${DEFAULT-VALUE}).")
    private String server;

    @Option(names = "--json", description = "Print the server's answer as JSON, for scripts.")
    private boolean json;

    CatalogClient client() {
        return new CatalogClient(HostPort.parse("--server", server));
    }

    boolean json() {
        return json;
    }
}
