package dev.reel.distribution;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code reel} command line. */
@Command(name = "reel", mixinStandardHelpOptions = true, versionProvider = ReelVersion.class,
        description = "Reel: a JVM platform for Rerun recordings (.rrd) and datasets.",
        subcommands = {ServeCommand.class, dev.reel.distribution.cli.RrdCommand.class,
            dev.reel.distribution.cli.SendCommand.class, dev.reel.distribution.cli.DemoCommand.class,
            CommandLine.HelpCommand.class})
public final class Reel {
    private Reel() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("serve")) {
            // Only the serve command is built: reflecting over every file tool costs start-up time, and the
            // tools' classes are not on the server's class path.
            CommandLine serve = withErrorHandling(new CommandLine(new ServeCommand()).setCommandName("reel serve"));
            System.exit(serve.execute(Arrays.copyOfRange(args, 1, args.length)));
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line with Reel's error handling: a one-line message and exit code 2 for usage errors. */
    public static CommandLine commandLine() {
        return withErrorHandling(new CommandLine(new Reel()));
    }

    private static CommandLine withErrorHandling(CommandLine commandLine) {
        return commandLine
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((error, command, parseResult) -> {
                    command.getErr().println("reel: " + error.getMessage());
                    return error instanceof CliException cli ? cli.exitCode() : 1;
                });
    }
}
