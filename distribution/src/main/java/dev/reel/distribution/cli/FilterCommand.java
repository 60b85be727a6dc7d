package dev.reel.distribution.cli;

import dev.reel.rrd.tools.RrdFilter;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reel rrd filter}: drops timelines and entities, leaves the rest as it is. */
@Command(name = "filter", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the input without some timelines and/or entities. Chunks are not re-chunked; a chunk "
                + "that loses its last timeline becomes static. Other messages pass unchanged."})
final class FilterCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private InputPaths inputs;

    @Mixin
    private OutputFile output;

    @Option(names = "--drop-timeline", paramLabel = "TIMELINE",
            description = "Remove this timeline's column from every chunk (repeatable).")
    private List<String> droppedTimelines = List.of();

    @Option(names = "--drop-entity", paramLabel = "PATH",
            description = "Remove every chunk of exactly this entity, not of its children (repeatable).")
    private List<String> droppedEntities = List.of();

    @Mixin
    private ErrorHandling errors;

    @Override
    public Integer call() throws IOException {
        new RrdFilter(spec.commandLine().getErr(), droppedTimelines, droppedEntities, errors.continueOnError())
                .filter(inputs.resolve(), output.path());
        return 0;
    }
}
