package dev.reel.distribution.cli;

import dev.reel.distribution.CliException;
import dev.reel.rrd.tools.Progress;
import dev.reel.rrd.tools.RrdOutput;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reel dataset segments|manifest|schema|query|download}: reading a dataset. */
final class DatasetReads {
    private DatasetReads() {}

    /** What a person sees of the segment table; {@code --json} has every column. */
    static final List<String> SEGMENT_COLUMNS = List.of("rerun_segment_id", "rerun_layer_names", "rerun_num_chunks",
            "rerun_size_bytes", "rerun_last_updated_at", "reel_storage_status");
    static final List<String> MANIFEST_COLUMNS = List.of("rerun_segment_id", "rerun_layer_name", "rerun_num_chunks",
            "rerun_size_bytes", "rerun_registration_time", "reel_storage_status", "rerun_storage_url");
    static final List<String> CHUNK_COLUMNS = List.of("chunk_segment_id", "rerun_segment_layer", "chunk_entity_path",
            "chunk_is_static", "chunk_byte_len", "chunk_id");

    @Command(name = "segments", mixinStandardHelpOptions = true,
            description = "The segment table: a row per segment with its layers, size and time range per timeline.")
    static final class Segments implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ServerOptions server;

        @Parameters(paramLabel = "DATASET", description = "The dataset.")
        private String dataset;

        @Override
        public Integer call() {
            print(spec, server, new JsonArray(server.client().send(server.client()
                    .request(DatasetCommand.path(dataset) + "/segments"))), SEGMENT_COLUMNS);
            return 0;
        }
    }

    @Command(name = "manifest", mixinStandardHelpOptions = true,
            description = "The dataset manifest: a row per layer of each segment, with the file behind it.")
    static final class Manifest implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ServerOptions server;

        @Parameters(paramLabel = "DATASET", description = "The dataset.")
        private String dataset;

        @Override
        public Integer call() {
            print(spec, server, new JsonArray(server.client().send(server.client()
                    .request(DatasetCommand.path(dataset) + "/manifest"))), MANIFEST_COLUMNS);
            return 0;
        }
    }

    @Command(name = "schema", mixinStandardHelpOptions = true,
            description = "The dataset's schema: its timelines, then a column per entity and component.")
    static final class Schema implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ServerOptions server;

        @Parameters(paramLabel = "DATASET", description = "The dataset.")
        private String dataset;

        @Override
        public Integer call() {
            JsonObject schema = new JsonObject(server.client().send(server.client()
                    .request(DatasetCommand.path(dataset) + "/schema")));
            if (server.json()) {
                spec.commandLine().getOut().println(schema.encode());
            } else {
                TextTable.print(spec.commandLine().getOut(), schema.getJsonArray("fields"), List.of("name", "type"));
            }
            return 0;
        }
    }

    @Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Finds the chunks that may hold what is asked (Rerun's dataset query), or with "
                    + "--dataframe the rows of each segment; --fetch writes the chunks found as an .rrd."})
    static final class Query implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ServerOptions server;

        @Parameters(paramLabel = "DATASET", description = "The dataset.")
        private String dataset;

        @Option(names = "--segment", paramLabel = "ID", description = "Only this segment (repeatable).")
        private List<String> segments = List.of();

        @Option(names = "--entity", paramLabel = "PATH", description = "Only this entity (repeatable).")
        private List<String> entities = List.of();

        @Option(names = "--latest-at", paramLabel = "TIMELINE=TIME",
                description = "Chunks that may hold the latest value at TIME (a number, or an ISO-8601 instant).")
        private String latestAt;

        @Option(names = "--range", paramLabel = "TIMELINE=MIN..MAX", description = "Chunks with data in the range.")
        private String range;

        @Option(names = "--no-static", description = "Leave out static data.")
        private boolean noStatic;

        @Option(names = "--no-temporal", description = "Leave out temporal data.")
        private boolean noTemporal;

        @Option(names = "--dataframe", description = "Rows instead of chunks: one per time of --index.")
        private boolean dataframe;

        @Option(names = "--index", paramLabel = "TIMELINE", description = "The dataframe's index timeline.")
        private String index;

        @Option(names = "--column", paramLabel = "/ENTITY:COMPONENT", description = "A dataframe column "
                + "(repeatable; default: every component).")
        private List<String> columns = List.of();

        @Option(names = "--fill-latest-at", description = "Fill empty dataframe cells with the latest earlier value.")
        private boolean fillLatestAt;

        @Option(names = "--fetch", description = "Write the chunks found as an .rrd stream (-o FILE or standard "
                + "output).")
        private boolean fetch;

        @Mixin
        private OutputFile output;

        @Override
        public Integer call() throws IOException {
            JsonObject body = new JsonObject()
                    .put("segments", new JsonArray(List.copyOf(segments)))
                    .put("entities", new JsonArray(List.copyOf(entities)))
                    .put("static", !noStatic).put("temporal", !noTemporal);
            if (latestAt != null) {
                String[] at = split("--latest-at", latestAt, "=");
                body.put("latest_at", new JsonObject().put("timeline", at[0]).put("at", time(at[1])));
            }
            if (range != null) {
                String[] on = split("--range", range, "=");
                String[] bounds = split("--range", on[1], "..");
                body.put("range", new JsonObject().put("timeline", on[0]).put("min", time(bounds[0]))
                        .put("max", time(bounds[1])));
            }
            if (dataframe) {
                if (index == null) {
                    throw new CliException(CliException.USAGE, "--dataframe needs --index TIMELINE");
                }
                body.put("dataframe", true).put("index", index).put("columns", new JsonArray(List.copyOf(columns)))
                        .put("fill_latest_at", fillLatestAt);
            }
            CatalogClient client = server.client();
            JsonArray rows = new JsonArray(client.send(client.request(DatasetCommand.path(dataset) + "/query")
                    .header("content-type", "application/json").POST(CatalogClient.json(body))));
            if (!fetch) {
                print(spec, server, rows, dataframe ? List.of() : CHUNK_COLUMNS);
                return 0;
            }
            if (dataframe) {
                throw new CliException(CliException.USAGE, "--fetch reads chunks; leave out --dataframe");
            }
            JsonArray keys = new JsonArray();
            rows.forEach(row -> keys.add(((JsonObject) row).getString("chunk_key")));
            if (keys.isEmpty()) {
                throw new CliException(CliException.FAILURE, "the query found no chunks to fetch");
            }
            save(spec, client.request(DatasetCommand.path(dataset) + "/fetch")
                    .header("content-type", "application/json")
                    .POST(CatalogClient.json(new JsonObject().put("chunk_keys", keys))), client, output);
            return 0;
        }

        private static String[] split(String option, String text, String separator) {
            int at = text.indexOf(separator);
            if (at <= 0 || at + separator.length() >= text.length()) {
                throw new CliException(CliException.USAGE, option + " expects " + (separator.equals("=")
                        ? "TIMELINE=..." : "MIN..MAX") + ", got '" + text + "'");
            }
            return new String[] {text.substring(0, at), text.substring(at + separator.length())};
        }

        /** A number stays a number; anything else goes to the server as an ISO-8601 instant. */
        private static Object time(String text) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return text;
            }
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true,
            description = {"Writes a segment as one .rrd: every layer pooled, with the dataset's default blueprint, "
                    + "so the Rerun viewer opens it with the dataset's layout."})
    static final class Download implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ServerOptions server;

        @Parameters(index = "0", paramLabel = "DATASET", description = "The dataset.")
        private String dataset;

        @Parameters(index = "1", paramLabel = "SEGMENT", description = "The segment id.")
        private String segment;

        @Mixin
        private OutputFile output;

        @Override
        public Integer call() throws IOException {
            CatalogClient client = server.client();
            save(spec, client.request(DatasetCommand.path(dataset) + "/segments/"
                    + CatalogClient.segment(segment) + ".rrd"), client, output);
            return 0;
        }
    }

    /** Streams an answer into {@code -o FILE} (complete or not at all) or standard output. */
    private static void save(CommandSpec spec, HttpRequest.Builder request, CatalogClient client, OutputFile output)
            throws IOException {
        try (RrdOutput target = RrdOutput.open(output.path(), List.of());
                InputStream body = client.stream(request);
                Progress progress = Progress.counting(spec.commandLine().getErr(), "received", "bytes")) {
            OutputStream out = target.stream();
            byte[] buffer = new byte[1 << 16];
            long received = 0;
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                out.write(buffer, 0, n);
                received += n;
                progress.update(received);
            }
            target.commit();
        }
    }

    private static void print(CommandSpec spec, ServerOptions server, JsonArray rows, List<String> columns) {
        if (server.json()) {
            spec.commandLine().getOut().println(rows.encode());
            return;
        }
        TextTable.print(spec.commandLine().getOut(), rows, columns);
    }
}
