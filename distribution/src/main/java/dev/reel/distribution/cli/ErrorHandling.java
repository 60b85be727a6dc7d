package dev.reel.distribution.cli;

import picocli.CommandLine.Option;

/** {@code --continue-on-error}, as a picocli mixin. */
final class ErrorHandling {
    @Option(names = "--continue-on-error", description = "Skip bad messages (reported on standard error) "
            + "instead of stopping at the first one.")
    private boolean continueOnError;

    boolean continueOnError() {
        return continueOnError;
    }
}
