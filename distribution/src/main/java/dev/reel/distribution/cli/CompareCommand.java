package dev.reel.distribution.cli;

import dev.reel.rrd.tools.RrdComparison;
import dev.reel.rrd.tools.RrdInput;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reel rrd compare}: are two recordings the same data, whatever their ids and encoding. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares the recordings of two files, as `rerun rrd compare` does: chunk by chunk, in chunk-id "
                + "order, ignoring chunk ids, row ids, recording ids, the values of log_time and sim_time, and small "
                + "float differences. Each file must hold exactly one recording (blueprints are ignored), of the "
                + "same application.",
            "Exits with 0 if they are similar, else with 1 and the first difference."})
final class CompareCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "The first file.")
    private String first;

    @Parameters(index = "1", paramLabel = "B", description = "The second file.")
    private String second;

    @Option(names = "--unordered", description = "Match chunks in any order (each chunk of A takes the first "
            + "unmatched similar chunk of B).")
    private boolean unordered;

    @Option(names = "--ignore-timeline", paramLabel = "TIMELINE",
            description = "Ignore this timeline entirely: its presence and its values (repeatable).")
    private List<String> ignoredTimelines = List.of();

    @Option(names = "--ignore-chunks-without-components", description = "Leave out chunks that have no "
            + "component column.")
    private boolean ignoreChunksWithoutComponents;

    @Option(names = "--json", description = "Print one JSON object: {\"similar\": true, \"chunks\": N} or "
            + "{\"similar\": false, \"difference\": \"...\"}.")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        new RrdComparison(spec.commandLine().getOut(), spec.commandLine().getErr(), json, unordered, ignoredTimelines, ignoreChunksWithoutComponents)
                .compare(RrdInput.resolve(List.of(first)).get(0), RrdInput.resolve(List.of(second)).get(0));
        return 0;
    }
}
