package dev.reel.distribution.cli;

import dev.reel.api.ApplicationId;
import dev.reel.api.RecordingId;
import dev.reel.api.StoreId;
import dev.reel.api.StoreKind;
import dev.reel.distribution.CliException;
import dev.reel.rrd.sdk.RecordingSink;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.tools.Formatting;
import dev.reel.rrd.tools.RrdOutput;
import dev.reel.transport.tcp.RrdTcpSink;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reel demo}: logs {@link DemoRecording} with Reel's Java logging API, to a file or live to a server. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Logs a small recording with Reel's Java logging API (RecordingStream): a robot driving laps "
                + "of a loop, with its pose, its lidar scan (a point cloud), its speed (a scalar), log lines and a "
                + "blueprint; one row per frame on the 'frame' timeline, and 'log_time'.",
            "Writes demo.rrd unless told otherwise. Look at it with a running 'reel serve': 'reel send demo.rrd', "
                + "or stream it there live with '--to 127.0.0.1:9877'."})
public final class DemoCommand implements Callable<Integer> {
    private static final Path DEFAULT_FILE = Path.of("demo.rrd");

    @Spec
    private CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the recording to this file (default: demo.rrd); an existing file is kept "
                    + "unless --force is given.")
    private Path output;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    private boolean force;

    @Option(names = "--to", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Instead of a file, stream the recording live to a Reel server's TCP port "
                    + "(reel serve listens on 127.0.0.1:9877); given several (the nodes of a cluster), to the first "
                    + "that answers, moving to the next when a connection breaks.")
    private String to;

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = "reel_demo",
            description = "The recording's application id (default: ${DEFAULT-VALUE}).")
    private String applicationId;

    @Option(names = "--recording-id", paramLabel = "ID",
            description = "The recording's id (default: a random one). Runs with the same ids form one recording.")
    private String recordingId;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "200",
            description = "How many frames to log, 10 per simulated second (default: ${DEFAULT-VALUE}).")
    private int frames;

    @Option(names = "--json", description = "Print one JSON object that sums up what was written.")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        if (to != null && output != null) {
            throw new CliException(CliException.USAGE, "give -o FILE or --to HOST:PORT, not both");
        }
        if (frames < 1) {
            throw new CliException(CliException.USAGE, "--frames must be at least 1, got " + frames);
        }
        StoreId store;
        try {
            store = new StoreId(StoreKind.RECORDING, ApplicationId.of(applicationId),
                    recordingId == null ? RecordingId.random() : RecordingId.of(recordingId));
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.USAGE, e.getMessage());
        }
        DemoRecording demo = new DemoRecording(frames);
        JsonObject summary = to != null ? stream(demo, store, java.util.Arrays.stream(to.split(","))
                .map(server -> HostPort.parse("--to", server.trim())).toList())
                : write(demo, store, output != null ? output : DEFAULT_FILE);
        summary.put("frames", frames);
        spec.commandLine().getOut().println(json ? summary.encode() : describe(summary));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private JsonObject write(DemoRecording demo, StoreId store, Path file) throws IOException {
        if (Files.exists(file) && !force) {
            throw new CliException(CliException.USAGE, file + " exists; give --force to replace it");
        }
        try (RrdOutput out = RrdOutput.open(file, List.of())) {
            RecordingTally tally = log(demo, store, RecordingSink.stream(out.stream()), file.toString());
            out.commit();
            return tally.toJson().put("file", file.toString()).put("bytes", Files.size(file));
        }
    }

    /** Streams to the first server that answers, moving to the next if a connection breaks (cluster nodes). */
    private JsonObject stream(DemoRecording demo, StoreId store, List<HostPort> servers) {
        String where = servers.stream().map(HostPort::toString).collect(java.util.stream.Collectors.joining(","));
        RrdTcpSink sink;
        try {
            sink = RrdTcpSink.connect(servers.stream()
                    .map(server -> new java.net.InetSocketAddress(server.host(), server.port())).toList(),
                    RrdTcpSink.Reconnect.DEFAULT);
        } catch (IOException e) {
            throw new CliException(CliException.FAILURE, "cannot connect to " + where + ": " + e.getMessage()
                    + " (is 'reel serve' running?)", e);
        }
        return log(demo, store, sink, where).toJson().put("to", where);
    }

    /** Logs the demo through {@code sink}, which the recording stream closes. */
    private RecordingTally log(DemoRecording demo, StoreId store, RecordingSink sink, String where) {
        RecordingTally tally = new RecordingTally(sink, store);
        try (RecordingStream rec = RecordingStream.builder(store.applicationId().value())
                .recordingId(store.recordingId().value()).to(tally)) {
            demo.logTo(rec);
        } catch (UncheckedIOException e) {
            throw new CliException(CliException.FAILURE, "writing the demo to " + where + " failed: "
                    + e.getCause().getMessage(), e);
        }
        return tally;
    }

    private static String describe(JsonObject summary) {
        String target = summary.containsKey("file")
                ? "wrote " + summary.getString("file") + " (" + Formatting.bytes(summary.getLong("bytes")) + ")"
                : "streamed to " + summary.getString("to");
        return String.format("%s: recording %s/%s, %d frames, %d rows in %d chunks", target,
                summary.getString("application_id"), summary.getString("recording_id"), summary.getInteger("frames"),
                summary.getLong("rows"), summary.getLong("chunks"));
    }
}
