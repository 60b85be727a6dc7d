package dev.reel.distribution.cli;

import io.vertx.core.json.JsonArray;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code reel catalog}: a running server's catalog as a whole (its entries of every kind). */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = {"A running Reel server's catalog: its entries (datasets, tables, the blueprint datasets "
                + "datasets own). Datasets themselves are 'reel dataset'."},
        subcommands = {CatalogCommand.Entries.class})
public final class CatalogCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** The entry kinds, as the API names them. */
    enum Kind { dataset, table, blueprint_dataset, dataset_view, table_view, asset_dataset }

    @Command(name = "entries", mixinStandardHelpOptions = true,
            description = "Lists the catalog's entries, by name.")
    static final class Entries implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ServerOptions server;

        @Option(names = "--kind", paramLabel = "KIND", split = ",",
                description = "Only these kinds (${COMPLETION-CANDIDATES}).")
        private List<Kind> kinds = List.of();

        @Option(names = "--hidden", description = "Include the catalog's own entries (names starting with __).")
        private boolean hidden;

        @Override
        public Integer call() {
            StringBuilder query = new StringBuilder("/api/entries?hidden=").append(hidden);
            if (!kinds.isEmpty()) {
                query.append("&kind=").append(String.join(",", kinds.stream().map(Enum::name).toList()));
            }
            JsonArray entries = new JsonArray(server.client().send(server.client().request(query.toString())));
            if (server.json()) {
                spec.commandLine().getOut().println(entries.encode());
            } else {
                TextTable.print(spec.commandLine().getOut(), entries, DatasetCommand.ENTRY_COLUMNS);
            }
            return 0;
        }
    }
}
