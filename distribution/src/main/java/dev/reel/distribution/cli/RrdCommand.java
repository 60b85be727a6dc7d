package dev.reel.distribution.cli;

import dev.reel.distribution.CliException;
import dev.reel.rrd.tools.RrdToolException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code reel rrd}: file tools for {@code .rrd}/{@code .rbl} streams with the semantics of {@code rerun rrd}. */
@Command(name = "rrd", mixinStandardHelpOptions = true,
        description = {"Tools for .rrd and .rbl files, with the semantics of `rerun rrd`.",
            "Every verb reads the files it is given one after another; with no path, or '-', it reads standard input."})
public final class RrdCommand implements Runnable {
    /** The verbs, in the order help lists them. */
    private static final Map<String, Supplier<Object>> VERBS = verbs();

    private static Map<String, Supplier<Object>> verbs() {
        Map<String, Supplier<Object>> verbs = new LinkedHashMap<>();
        verbs.put("print", PrintCommand::new);
        verbs.put("stats", StatsCommand::new);
        verbs.put("verify", VerifyCommand::new);
        verbs.put("route", RouteCommand::new);
        verbs.put("filter", FilterCommand::new);
        verbs.put("split", SplitCommand::new);
        verbs.put("compare", CompareCommand::new);
        verbs.put("merge", MergeCommand::new);
        verbs.put("optimize", OptimizeCommand::new);
        return Collections.unmodifiableMap(verbs);
    }

    /**
     * Adds the verbs to {@code rrd} (this command's command line): all of them, or only {@code verb} when it is
     * one. Picocli reflects over every command it is given, which costs a file tool about a tenth of a second of
     * start-up per verb; a command line that names its verb needs only that one.
     */
    public static CommandLine withVerbs(CommandLine rrd, String verb) {
        Supplier<Object> only = verb == null ? null : VERBS.get(verb);
        if (only != null) {
            return rrd.addSubcommand(verb, only.get());
        }
        VERBS.forEach((name, command) -> rrd.addSubcommand(name, command.get()));
        return rrd;
    }

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
