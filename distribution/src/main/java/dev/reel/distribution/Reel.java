package dev.reel.distribution;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code reel} command line. */
@Command(name = "reel", mixinStandardHelpOptions = true, versionProvider = ReelVersion.class,
        description = "Reel: a JVM platform for Rerun recordings (.rrd) and datasets.",
        subcommands = {ServeCommand.class, dev.reel.distribution.cli.RrdCommand.class,
            dev.reel.distribution.cli.SendCommand.class, CommandLine.HelpCommand.class})
public final class Reel {
    private Reel() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with Reel's error handling: a one-line message and exit code 2 for usage errors. */
    public static CommandLine commandLine() {
        return new CommandLine(new Reel())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((error, commandLine, parseResult) -> {
                    commandLine.getErr().println("reel: " + error.getMessage());
                    return error instanceof CliException cli ? cli.exitCode() : 1;
                });
    }
}
