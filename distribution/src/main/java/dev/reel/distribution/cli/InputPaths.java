package dev.reel.distribution.cli;

import dev.reel.rrd.tools.RrdInput;
import java.util.List;
import picocli.CommandLine.Parameters;

/** The inputs of a verb, as a picocli mixin: files read one after another, or standard input. */
final class InputPaths {
    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Files to read, one after another; none or '-' reads standard input.")
    private List<String> paths;

    List<RrdInput> resolve() {
        return RrdInput.resolve(paths);
    }
}
