package dev.reel.distribution.cli;

import dev.reel.distribution.CliException;
import dev.reel.rrd.tools.RrdInput;
import dev.reel.rrd.tools.RrdSplitter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reel rrd split}: cuts a recording into time windows, one file each. */
@Command(name = "split", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Splits a recording into files of consecutive time windows on one timeline, with the rules of "
                + "`rerun rrd split`.",
            "-t T1 -t T2 gives 3 windows: [min, T1), [T1, T2), [T2, max]; -n N gives N windows of equal span. Each "
                + "window holds its rows (chunks crossing a bound are sliced), plus the value every component had "
                + "when the window starts (static data included), copied with new chunk and row ids. Blueprints "
                + "are copied whole into every file.",
            "Files are named <stem>_<start>__<end>.rrd and their recordings <PREFIX><i>, by default "
                + "<original recording id>-<i>. The paths written are printed, one per line."})
final class SplitCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The recording to split (a file).")
    private String input;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", required = true,
            description = "Folder for the files (created if missing; files of the same name are replaced).")
    private Path outputDir;

    @Option(names = "--timeline", paramLabel = "TIMELINE", required = true,
            description = "The timeline to split on. Other timelines are kept unless --drop-unused-timelines.")
    private String timeline;

    @Option(names = {"-t", "--time"}, paramLabel = "TIME",
            description = {"A time to split at (repeatable, increasing): a sequence number; a timestamp such as "
                    + "2024-05-01T10:00:00Z; a duration such as 1.5s or 250ms; or an integer (nanoseconds)."})
    private List<String> times = List.of();

    @Option(names = {"-n", "--num-parts"}, paramLabel = "N",
            description = "Split into N windows of equal span instead (N >= 2).")
    private Integer parts;

    @Option(names = "--recording-id", paramLabel = "PREFIX",
            description = "Recording id prefix of the outputs: window i gets <PREFIX><i>.")
    private String recordingIdPrefix;

    @Option(names = "--drop-unused-timelines", description = "Keep only the split timeline in the outputs.")
    private boolean dropUnusedTimelines;

    @Override
    public Integer call() throws IOException {
        if (times.isEmpty() == (parts == null)) {
            throw new CliException(CliException.USAGE, "give either --time (one or more) or --num-parts");
        }
        if (parts != null && parts < 2) {
            throw new CliException(CliException.USAGE, "--num-parts must be 2 or more, got " + parts);
        }
        if (input.equals("-")) {
            throw new CliException(CliException.USAGE, "split reads a file, not standard input");
        }
        new RrdSplitter(spec.commandLine().getOut(), spec.commandLine().getErr(), timeline, times, parts,
                recordingIdPrefix, dropUnusedTimelines).split(RrdInput.file(input), outputDir);
        return 0;
    }
}
