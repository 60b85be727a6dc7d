package dev.reel.distribution.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -o FILE}, as a picocli mixin: where a verb writes its stream. */
final class OutputFile {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write here (replaced when complete); default: standard output, which must not be a "
                    + "terminal.")
    private Path output;

    /** The file, or null for standard output. */
    Path path() {
        return output;
    }
}
