package dev.reel.distribution.cli;

import dev.reel.rrd.tools.RrdPrinter;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reel rrd print}: one line per message, as {@code rerun rrd print} shows them. */
@Command(name = "print", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints the messages of .rrd streams: store infos, blueprint activations and one line per "
                + "chunk (id, rows, size, entity, data columns).",
            "Chunks are shown after migration to the current Sorbet layout."})
final class PrintCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private InputPaths inputs;

    @Option(names = {"-v", "--verbose"},
            description = {"More detail, repeatable: -v names columns with their entity (/e@Comp:field), "
                    + "-vv adds each chunk's schema (types and metadata), -vvv also its rows."})
    private boolean[] verbose = new boolean[0];

    @Option(names = "--json", description = "One JSON object per line instead (kind, store ids, chunk id, entity, "
            + "rows, timelines with type/min/max, components).")
    private boolean json;

    @Option(names = "--entity", paramLabel = "PATH",
            description = "Only chunks of exactly this entity (not its children).")
    private String entity;

    @Option(names = "--footers", description = "After the messages, print the footer manifests (chunk index) "
            + "of every stream that has one.")
    private boolean footers;

    @Mixin
    private ErrorHandling errors;

    @Override
    public Integer call() throws IOException {
        new RrdPrinter(spec.commandLine().getOut(), spec.commandLine().getErr(), verbose.length, json, entity, footers,
                errors.continueOnError()).print(inputs.resolve());
        return 0;
    }
}
