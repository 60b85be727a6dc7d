package dev.reel.distribution.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reel send}: streams files to a Reel server's raw TCP port. */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends .rrd files to a running Reel server's TCP port, one connection per file. The server "
                + "pools them into recordings by application and recording id, and answers each stream: the exit "
                + "code is 1 if it refused any (the reason, with its byte offset, goes to standard error)."})
public final class SendCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The .rrd files to send.")
    private List<Path> files;

    @Option(names = "--to", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9877",
            description = "The server's TCP port (default: ${DEFAULT-VALUE}).")
    private String to;

    @Option(names = "--json", description = "Print one JSON object per file sent (and no progress bar).")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        return new FileSender(spec.commandLine(), json).send(files, to);
    }
}
