package dev.reel.distribution.cli;

import dev.reel.rrd.tools.RrdVerifier;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reel rrd verify}: decodes everything and checks every footer, like {@code rerun rrd verify}. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Verifies .rrd streams: every message decodes (framing, protobuf, LZ4, Arrow, Sorbet layout), "
                + "no column is a deprecated indicator, and every footer is sound: its checksum matches, one "
                + "manifest per store, and each manifest entry points at the message holding that chunk (for files, "
                + "each entry is also read back by random access).",
            "Prints 'N files verified without error.' and exits with 0, or lists the errors on standard error, in "
                + "the order met, and exits with 1. A stream without footer is fine (Reel, like Rerun's streaming sinks, writes none) "
                + "unless --require-footers is given."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private InputPaths inputs;

    @Option(names = "--require-footers",
            description = "Also fail for an input that has no footer (Rerun's default, `--check-footers`).")
    private boolean requireFooters;

    @Option(names = "--json", description = "Print one JSON object: {\"files\": N, \"ok\": true|false, "
            + "\"errors\": [...]}.")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        new RrdVerifier(spec.commandLine().getOut(), spec.commandLine().getErr(), json, requireFooters).verify(inputs.resolve());
        return 0;
    }
}
