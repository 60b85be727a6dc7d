package dev.reel.distribution.cli;

import dev.reel.rrd.tools.Progress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reel dataset register|upload|unregister|blueprint}: what goes into a dataset and out of it. */
final class DatasetRegistration {
    private DatasetRegistration() {}

    /** What to do when a segment already has the layer (Rerun's {@code on_duplicate}). */
    enum OnDuplicate { error, skip, replace }

    @Command(name = "register", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Registers recordings the server reads from its disk: each recording id in a file "
                    + "becomes a segment (its application id is ignored), in the given layer.",
                "Exits with 1 if a file failed (the others are registered), 2 if the request was refused as a "
                        + "whole (a duplicate with --on-duplicate error, a path outside the server's "
                        + "--allowed-roots)."})
    static final class Register implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ServerOptions server;

        @Parameters(index = "0", paramLabel = "DATASET", description = "The dataset.")
        private String dataset;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "LOCATION",
                description = "file:// URLs or paths of .rrd files (relative paths are taken from here), or of "
                        + "folders with --prefix.")
        private List<String> locations;

        @Option(names = "--layer", paramLabel = "NAME", defaultValue = "base",
                description = "The layer the segments get (default: ${DEFAULT-VALUE}).")
        private String layer;

        @Option(names = "--on-duplicate", paramLabel = "error|skip|replace", defaultValue = "error",
                description = "When a segment already has the layer: fail (the default), keep it, or replace it.")
        private OnDuplicate onDuplicate;

        @Option(names = "--prefix", description = "Register every .rrd under the folders, recursively.")
        private boolean prefix;

        @Option(names = "--copy", description = "The server copies each file into its data folder first, so the "
                + "catalog keeps serving it whatever happens to the original.")
        private boolean copy;

        @Override
        public Integer call() throws IOException {
            JsonArray uris = new JsonArray();
            locations.forEach(location -> uris.add(absolute(location)));
            JsonObject body = new JsonObject().put("uris", uris).put("layer", layer)
                    .put("on_duplicate", onDuplicate.name()).put("prefix", prefix).put("copy", copy);
            CatalogClient client = server.client();
            JsonArray rows;
            try (InputStream answer = client.stream(client.request(DatasetCommand.path(dataset) + "/register")
                    .header("content-type", "application/json").header("accept", "application/x-ndjson")
                    .POST(CatalogClient.json(body)));
                    Progress progress = server.json() ? Progress.none()
                            : Progress.counting(spec.commandLine().getErr(), "indexed", "recordings")) {
                rows = readProgress(answer, progress);
            }
            return report(spec, server, rows);
        }

        /** Reads the ndjson answer: a progress line per recording indexed, then the rows or an error. */
        private static JsonArray readProgress(InputStream answer, Progress progress) throws IOException {
            BufferedReader lines = new BufferedReader(new InputStreamReader(answer, StandardCharsets.UTF_8));
            long indexed = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonObject message = new JsonObject(line);
                if (message.containsKey("progress")) {
                    progress.update(++indexed);
                } else if (message.containsKey("rows")) {
                    return message.getJsonArray("rows");
                } else if (message.containsKey("error")) {
                    JsonObject error = message.getJsonObject("error");
                    throw CatalogClient.failure(error.getString("code").equals("internal") ? 500 : 400,
                            error.encode());
                }
            }
            throw new IOException("the server's answer ended before the registration did");
        }

        /** A plain relative path is taken from the working directory, as a user typing it means it. */
        private static String absolute(String location) {
            if (location.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
                return location;
            }
            return Path.of(location).toAbsolutePath().normalize().toString();
        }
    }

    @Command(name = "upload", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Sends recordings to the server, which keeps them in its data folder and registers them "
                    + "(for files the server cannot read itself)."})
    static final class Upload implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ServerOptions server;

        @Parameters(index = "0", paramLabel = "DATASET", description = "The dataset.")
        private String dataset;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE", description = "The .rrd files to send.")
        private List<Path> files;

        @Option(names = "--layer", paramLabel = "NAME", defaultValue = "base",
                description = "The layer the segments get (default: ${DEFAULT-VALUE}).")
        private String layer;

        @Option(names = "--on-duplicate", paramLabel = "error|skip|replace", defaultValue = "error",
                description = "When a segment already has the layer: fail (the default), keep it, or replace it.")
        private OnDuplicate onDuplicate;

        @Override
        public Integer call() throws IOException {
            JsonArray rows = new JsonArray();
            CatalogClient client = server.client();
            for (Path file : files) {
                String query = "?layer=" + CatalogClient.segment(layer) + "&on_duplicate=" + onDuplicate
                        + "&name=" + CatalogClient.segment(file.getFileName().toString());
                try (Progress progress = server.json() ? Progress.none()
                        : Progress.start(spec.commandLine().getErr(), Files.size(file))) {
                    String answer = client.send(client.request(DatasetCommand.path(dataset) + "/upload" + query)
                            .header("content-type", "application/octet-stream")
                            .POST(withProgress(file, progress)));
                    new JsonArray(answer).forEach(rows::add);
                }
            }
            return report(spec, server, rows);
        }
    }

    @Command(name = "unregister", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Drops layers from segments (Rerun's product filter): only --layer drops those layers "
                    + "of every segment, only --segment every layer of those segments, both each listed layer of "
                    + "each listed segment. A segment without layers is gone."})
    static final class Unregister implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ServerOptions server;

        @Parameters(paramLabel = "DATASET", description = "The dataset.")
        private String dataset;

        @Option(names = "--segment", paramLabel = "ID", description = "A segment (repeatable).")
        private List<String> segments = List.of();

        @Option(names = "--layer", paramLabel = "NAME", description = "A layer (repeatable).")
        private List<String> layers = List.of();

        @Override
        public Integer call() {
            JsonObject body = new JsonObject().put("segments", new JsonArray(List.copyOf(segments)))
                    .put("layers", new JsonArray(List.copyOf(layers)));
            JsonObject answer = new JsonObject(server.client().send(server.client()
                    .request(DatasetCommand.path(dataset) + "/unregister")
                    .header("content-type", "application/json").POST(CatalogClient.json(body))));
            spec.commandLine().getOut().println(server.json() ? answer.encode()
                    : "removed " + answer.getInteger("removed") + " segment layers");
            return 0;
        }
    }

    @Command(name = "blueprint", mixinStandardHelpOptions = true,
            description = {"Sends a blueprint (.rbl) to the dataset and makes it the default layout its segments "
                    + "open with."})
    static final class SetBlueprint implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ServerOptions server;

        @Parameters(index = "0", paramLabel = "DATASET", description = "The dataset.")
        private String dataset;

        @Parameters(index = "1", paramLabel = "FILE", description = "The .rbl file.")
        private Path file;

        @Option(names = "--no-default", description = "Register it without making it the default.")
        private boolean noDefault;

        @Override
        public Integer call() {
            String query = "?default=" + !noDefault + "&name=" + CatalogClient.segment(file.getFileName().toString());
            JsonObject row = new JsonObject(server.client().send(server.client()
                    .request(DatasetCommand.path(dataset) + "/blueprint" + query)
                    .header("content-type", "application/octet-stream").POST(CatalogClient.file(file))));
            spec.commandLine().getOut().println(server.json() ? row.encode() : "registered blueprint "
                    + row.getString("rerun_segment_id") + (noDefault ? "" : " as the default of " + dataset));
            return 0;
        }
    }

    /** A file as a request body that moves the progress bar as it is sent. */
    private static HttpRequest.BodyPublisher withProgress(Path file, Progress progress) throws IOException {
        long size = Files.size(file);
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return new FilterInputStream(Files.newInputStream(file)) {
                    private long sent;

                    @Override
                    public int read(byte[] bytes, int offset, int length) throws IOException {
                        int n = super.read(bytes, offset, length);
                        if (n > 0) {
                            sent += n;
                            progress.update(sent);
                        }
                        return n;
                    }
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), size);
    }

    /** Prints the rows (A.7) and returns 1 if any failed. */
    private static int report(CommandSpec spec, ServerOptions server, JsonArray rows) {
        PrintWriter out = spec.commandLine().getOut();
        int failed = 0;
        for (Object item : rows) {
            JsonObject row = (JsonObject) item;
            if ("failed".equals(row.getString("status"))) {
                failed++;
                if (!server.json()) {
                    spec.commandLine().getErr().println("failed: " + row.getString("rerun_storage_url") + ": "
                            + row.getString("error"));
                }
            } else if (!server.json()) {
                out.println(row.getString("status") + " segment " + row.getString("rerun_segment_id") + " layer "
                        + row.getString("rerun_segment_layer") + " from " + row.getString("rerun_storage_url"));
            }
        }
        if (server.json()) {
            out.println(rows.encode());
        }
        out.flush();
        return failed > 0 ? 1 : 0;
    }
}
