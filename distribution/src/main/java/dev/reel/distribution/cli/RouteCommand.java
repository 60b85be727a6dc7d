package dev.reel.distribution.cli;

import dev.reel.distribution.CliException;
import dev.reel.rrd.tools.RrdRouter;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reel rrd route}: rewrites store ids message by message, without decoding the Arrow data. */
@Command(name = "route", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rewrites the application id and/or recording id of every message (store infos, chunks, "
                + "blueprint activations) and writes one stream, without decoding or migrating the data.",
            "This is how files with different recording ids become one recording: "
                + "reel rrd route --recording-id shared a.rrd b.rrd -o shared.rrd",
            "With --recording-id and more than one input, blueprint activation commands are dropped, so that "
                + "the viewer chooses. No footer is written."})
final class RouteCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private InputPaths inputs;

    @Option(names = "--application-id", paramLabel = "ID", description = "The application id of the output.")
    private String applicationId;

    @Option(names = "--recording-id", paramLabel = "ID", description = "The recording id of the output.")
    private String recordingId;

    @Mixin
    private OutputFile output;

    @Mixin
    private ErrorHandling errors;

    @Override
    public Integer call() throws IOException {
        if (applicationId != null && applicationId.isEmpty() || recordingId != null && recordingId.isEmpty()) {
            throw new CliException(CliException.USAGE, "--application-id and --recording-id must not be empty");
        }
        new RrdRouter(spec.commandLine().getErr(), applicationId, recordingId, errors.continueOnError())
                .route(inputs.resolve(), output.path());
        return 0;
    }
}
