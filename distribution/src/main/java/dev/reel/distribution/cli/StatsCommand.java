package dev.reel.distribution.cli;

import dev.reel.rrd.tools.RrdStatistics;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reel rrd stats}: what {@code rerun rrd stats} prints, plus a summary per store. */
@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints statistics of .rrd streams: chunk, row, index and component counts, the sizes of the "
                + "Arrow payloads (compressed and not, percentiles), unsorted timelines, footers, and per store its "
                + "ids, chunks, rows, timelines with their ranges, entity paths and bytes.",
            "The text form follows `rerun rrd stats` (name = value lines); --json gives one JSON object."})
final class StatsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private InputPaths inputs;

    @Option(names = "--json", description = "Print one JSON object (snake_case fields; times as integers, "
            + "nanoseconds for timestamps and durations).")
    private boolean json;

    @Mixin
    private ErrorHandling errors;

    @Override
    public Integer call() throws IOException {
        new RrdStatistics(spec.commandLine().getOut(), spec.commandLine().getErr(), json, errors.continueOnError())
                .report(inputs.resolve());
        return 0;
    }
}
