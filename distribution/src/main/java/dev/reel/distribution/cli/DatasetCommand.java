package dev.reel.distribution.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code reel dataset}: a running server's catalog datasets, over its HTTP API: create, list, show, rename and
 * delete here; registration in {@link DatasetRegistration}; reads in {@link DatasetReads}.
 */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = {"The datasets of a running Reel server's catalog (its HTTP API under /api/datasets).",
            "A dataset's segments are the recordings registered into it, by recording id; each segment is the union "
                    + "of its layers. The server must be able to read the files: they must lie under its "
                    + "--allowed-roots (or use 'upload')."},
        subcommands = {DatasetCommand.Create.class, DatasetCommand.ListDatasets.class, DatasetCommand.Show.class,
            DatasetCommand.Rename.class, DatasetCommand.Delete.class, DatasetRegistration.Register.class,
            DatasetRegistration.Upload.class, DatasetRegistration.Unregister.class,
            DatasetRegistration.SetBlueprint.class, DatasetReads.Segments.class, DatasetReads.Manifest.class,
            DatasetReads.Schema.class, DatasetReads.Query.class, DatasetReads.Download.class})
public final class DatasetCommand implements Runnable {
    /** The columns a person sees of an entry; {@code --json} shows them all. */
    static final List<String> ENTRY_COLUMNS = List.of("name", "id", "kind", "created_at", "updated_at");

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    static String path(String dataset) {
        return "/api/datasets/" + CatalogClient.segment(dataset);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates an empty dataset.")
    static final class Create implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ServerOptions server;

        @Parameters(paramLabel = "NAME", description = "The dataset's name (unique in the catalog).")
        private String name;

        @Override
        public Integer call() {
            String answer = server.client().send(server.client().request("/api/datasets")
                    .header("content-type", "application/json")
                    .POST(CatalogClient.json(new JsonObject().put("name", name))));
            printEntry(spec, server, new JsonObject(answer), "created dataset");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the datasets.")
    static final class ListDatasets implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ServerOptions server;

        @Override
        public Integer call() {
            JsonArray datasets = new JsonArray(server.client().send(server.client().request("/api/datasets")));
            if (server.json()) {
                spec.commandLine().getOut().println(datasets.encode());
            } else {
                TextTable.print(spec.commandLine().getOut(), datasets, ENTRY_COLUMNS);
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows a dataset's entry.")
    static final class Show implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ServerOptions server;

        @Parameters(paramLabel = "NAME", description = "The dataset.")
        private String name;

        @Override
        public Integer call() {
            printEntry(spec, server, new JsonObject(server.client().send(server.client().request(path(name)))), null);
            return 0;
        }
    }

    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Renames a dataset (its id stays).")
    static final class Rename implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ServerOptions server;

        @Parameters(index = "0", paramLabel = "NAME", description = "The dataset.")
        private String name;

        @Parameters(index = "1", paramLabel = "NEW_NAME", description = "Its new name.")
        private String newName;

        @Override
        public Integer call() {
            String answer = server.client().send(server.client().request(path(name))
                    .header("content-type", "application/json")
                    .method("PATCH", CatalogClient.json(new JsonObject().put("name", newName))));
            printEntry(spec, server, new JsonObject(answer), "renamed dataset");
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Deletes a dataset with its segments' registrations and its blueprints (registered files "
                    + "stay where they are; copies the catalog made are its own).")
    static final class Delete implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ServerOptions server;

        @Parameters(paramLabel = "NAME", description = "The dataset.")
        private String name;

        @Override
        public Integer call() {
            server.client().send(server.client().request(path(name)).DELETE());
            if (server.json()) {
                spec.commandLine().getOut().println(new JsonObject().put("deleted", name).encode());
            } else {
                spec.commandLine().getOut().println("deleted dataset " + name);
            }
            return 0;
        }
    }

    static void printEntry(CommandSpec spec, ServerOptions server, JsonObject entry, String verb) {
        if (server.json()) {
            spec.commandLine().getOut().println(entry.encode());
        } else if (verb != null) {
            spec.commandLine().getOut().println(verb + " " + entry.getString("name") + " (" + entry.getString("id")
                    + ")");
        } else {
            TextTable.print(spec.commandLine().getOut(), new JsonArray().add(entry), List.of());
        }
    }
}
