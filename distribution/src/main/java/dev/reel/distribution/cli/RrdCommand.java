package dev.reel.distribution.cli;

import dev.reel.distribution.CliException;
import dev.reel.rrd.tools.RrdToolException;
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

    /**
     * The exit code of an error of a {@code reel} command: for the file tools 2 for bad usage and 1 for a failure,
     * else {@link CliException#exitCodeOf}. Not in {@code Reel}: the file tools are not on the server's class path.
     */
    public static int exitCodeOf(Exception error) {
        if (error instanceof RrdToolException tool) {
            return tool.kind() == RrdToolException.Kind.USAGE ? CliException.USAGE : CliException.FAILURE;
        }
        return CliException.exitCodeOf(error);
    }
}
