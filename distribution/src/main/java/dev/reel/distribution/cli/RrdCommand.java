package dev.reel.distribution.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code reel rrd}: file tools for {@code .rrd}/{@code .rbl} streams with the semantics of {@code rerun rrd}. */
@Command(name = "rrd", mixinStandardHelpOptions = true,
        description = {"Tools for .rrd and .rbl files, with the semantics of `rerun rrd`.",
            "Every verb reads the files it is given one after another; with no path, or '-', it reads standard input."},
        subcommands = {PrintCommand.class, StatsCommand.class, VerifyCommand.class, RouteCommand.class,
            FilterCommand.class, SplitCommand.class, CompareCommand.class, MergeCommand.class,
            OptimizeCommand.class})
public final class RrdCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
