package dev.reel.distribution.cli;

import dev.reel.distribution.CliException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code reel ext}: a running server's extensions (bundles in its {@code extensions/} folder). */
@Command(name = "ext", mixinStandardHelpOptions = true,
        description = {"A running Reel server's extensions: the bundles in its extensions/ folder. Installing copies "
                + "the jar into that folder (replacing one of the same file name: an update) and removing deletes "
                + "it, so the folder stays the truth across restarts; dropping a jar in by hand works the same.",
            "Installing and removing are taken only from the server's own machine, or with a read-write token."},
        subcommands = {ExtCommand.ListExtensions.class, ExtCommand.Install.class, ExtCommand.Remove.class})
public final class ExtCommand implements Runnable {
    static final List<String> COLUMNS = List.of("name", "version", "state", "file", "problems");

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the extensions: name, version, state, file, and why one does not run (an import "
                    + "nothing provides: which package, which version range, what the platform has).")
    static final class ListExtensions implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ServerOptions server;

        @Override
        public Integer call() {
            JsonArray extensions = new JsonArray(server.client().send(server.client().request("/api/extensions")));
            if (server.json()) {
                spec.commandLine().getOut().println(extensions.encode());
            } else if (extensions.isEmpty()) {
                spec.commandLine().getOut().println("no extensions");
            } else {
                TextTable.print(spec.commandLine().getOut(), extensions, COLUMNS);
            }
            return 0;
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Installs (or updates) extension jars into the server and waits until each is installed "
                    + "and started.", "Exits with 1 if one was installed but does not run, with the reason."})
    static final class Install implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ServerOptions server;

        @Parameters(paramLabel = "JAR", arity = "1..*", description = "Bundle jars.")
        private List<Path> jars;

        @Override
        public Integer call() {
            int exitCode = 0;
            for (Path jar : jars) {
                if (!Files.isRegularFile(jar)) {
                    throw new CliException(CliException.USAGE, "no such file: " + jar);
                }
                String path = "/api/extensions/" + CatalogClient.segment(jar.getFileName().toString());
                JsonObject module = new JsonObject(server.client().send(server.client().request(path)
                        .header("content-type", "application/java-archive")
                        .PUT(CatalogClient.file(jar))));
                report(module);
                if (module.containsKey("problems")) {
                    exitCode = CliException.FAILURE;
                }
            }
            return exitCode;
        }

        private void report(JsonObject module) {
            if (server.json()) {
                spec.commandLine().getOut().println(module.encode());
                return;
            }
            String what = module.getString("name") + " " + module.getString("version") + " ("
                    + module.getString("file") + ")";
            if (module.containsKey("problems")) {
                spec.commandLine().getErr().println("reel: " + what + " is installed but does not run: "
                        + String.join("; ", module.getJsonArray("problems").stream().map(String::valueOf).toList()));
            } else {
                spec.commandLine().getOut().println("installed " + what + ": " + module.getString("state"));
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Removes extensions by symbolic name or file name: deletes the jar from the extensions "
                    + "folder and waits until the bundle is uninstalled (its services, transports and threads gone).")
    static final class Remove implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ServerOptions server;

        @Parameters(paramLabel = "NAME", arity = "1..*", description = "Symbolic names or file names.")
        private List<String> names;

        @Override
        public Integer call() {
            for (String name : names) {
                HttpRequest.Builder request = server.client()
                        .request("/api/extensions/" + CatalogClient.segment(name)).DELETE();
                JsonObject module = new JsonObject(server.client().send(request));
                spec.commandLine().getOut().println(server.json() ? module.encode()
                        : "removed " + module.getString("name") + " " + module.getString("version") + " ("
                                + module.getString("file") + ")");
            }
            return 0;
        }
    }
}
