package dev.reel.distribution;

import dev.reel.distribution.cli.RrdCommand;
import dev.reel.distribution.runtime.Logging;
import java.util.Arrays;
import java.util.function.ToIntFunction;
import org.apache.arrow.vector.types.pojo.Schema;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code reel} command line. */
@Command(name = "reel", mixinStandardHelpOptions = true, versionProvider = ReelVersion.class,
        description = "Reel: a JVM platform for Rerun recordings (.rrd) and datasets.",
        subcommands = {ServeCommand.class, RrdCommand.class, ConfigCommand.class,
            dev.reel.distribution.cli.SendCommand.class, dev.reel.distribution.cli.DemoCommand.class,
            dev.reel.distribution.cli.DatasetCommand.class, dev.reel.distribution.cli.CatalogCommand.class,
            dev.reel.distribution.cli.TokenCommand.class, dev.reel.distribution.cli.ExtCommand.class,
            CompletionCommand.class, CommandLine.HelpCommand.class})
public final class Reel {
    private static final String STORE_LOG_LEVEL = "reel.log.dev.reel.store";

    private Reel() {}

    public static void main(String[] args) {
        boolean fileTool = args.length > 0 && args[0].equals("rrd");
        CommandLine.IExecutionStrategy afterWarmUp = null;
        if (fileTool) {
            // The file tools print what they report; the viewer store's INFO lines (a store opened) are for the
            // log of a server. REEL_LOG_LEVEL still shows them.
            System.setProperty(STORE_LOG_LEVEL, System.getProperty(STORE_LOG_LEVEL,
                    System.getProperty(Logging.LEVEL, "warn")));
            afterWarmUp = afterArrowWarmUp(); // first: it also runs beside the log's set-up
        }
        Logging.configure();
        if (args.length > 0 && args[0].equals("serve")) {
            // Only the serve command is built: reflecting over every file tool costs start-up time, and the
            // tools' classes are not on the server's class path.
            CommandLine serve = withErrorHandling(new CommandLine(new ServeCommand()).setCommandName("reel serve"),
                    CliException::exitCodeOf);
            System.exit(serve.execute(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (fileTool) {
            // Only the file tools are built, for the same reason as above (and serve's options name Vert.x types).
            CommandLine rrd = withErrorHandling(RrdCommand.withVerbs(new CommandLine(new RrdCommand())
                    .setCommandName("reel rrd"), args.length > 1 ? args[1] : null), RrdCommand::exitCodeOf);
            System.exit(rrd.setExecutionStrategy(afterWarmUp).execute(Arrays.copyOfRange(args, 1, args.length)));
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * Initialises Arrow's {@link Schema} class on the other core while the log is set up and picocli builds and
     * parses the command line: its static initialiser builds a Jackson reader, a quarter of a file tool's start in
     * a fresh JVM. The command runs once that is done, so no Arrow class is ever initialised from two threads at
     * once.
     */
    private static CommandLine.IExecutionStrategy afterArrowWarmUp() {
        Thread warmUp = new Thread(() -> {
            try {
                Class.forName(Schema.class.getName(), true, Reel.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // the command meets the same error where it uses Arrow, and reports it there
            }
        }, "reel-arrow-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        return parsed -> {
            try {
                warmUp.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new CommandLine.RunLast().execute(parsed);
        };
    }

    /** The command line with Reel's error handling: a one-line message and exit code 2 for usage errors. */
    public static CommandLine commandLine() {
        Logging.ensureConfigured();
        CommandLine reel = new CommandLine(new Reel());
        RrdCommand.withVerbs(reel.getSubcommands().get("rrd"), null);
        return withErrorHandling(reel, RrdCommand::exitCodeOf);
    }

    private static CommandLine withErrorHandling(CommandLine commandLine, ToIntFunction<Exception> exitCodes) {
        return commandLine
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((error, command, parseResult) -> {
                    command.getErr().println("reel: " + error.getMessage());
                    return exitCodes.applyAsInt(error);
                });
    }
}
