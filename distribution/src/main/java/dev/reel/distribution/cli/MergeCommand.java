package dev.reel.distribution.cli;

import dev.reel.rrd.tools.RrdMerger;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code reel rrd merge}: pools the inputs by store id into one stream. */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Merges the inputs into one stream, pooled by store id (application id + recording id), the "
                + "way the viewer pools them: duplicate chunks and shadowed static data disappear, chunks are not "
                + "re-chunked. Blueprints come first, each followed by an activation command."})
final class MergeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private InputPaths inputs;

    @Mixin
    private OutputFile output;

    @Mixin
    private ErrorHandling errors;

    @Override
    public Integer call() throws IOException {
        new RrdMerger(spec.commandLine().getErr(), errors.continueOnError()).merge(inputs.resolve(), output.path());
        return 0;
    }
}
