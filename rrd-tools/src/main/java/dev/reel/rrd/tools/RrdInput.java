package dev.reel.rrd.tools;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One input of a verb: a file, or standard input. Verbs read their inputs one after another.
 *
 * @param name how errors and reports name it: the path as given, or {@value #STDIN}
 * @param path the file, or null for standard input
 */
public record RrdInput(String name, Path path) {
    public static final String STDIN = "<stdin>";

    /** The inputs named on the command line, as Rerun reads them: none or {@code -} is standard input. */
    public static List<RrdInput> resolve(List<String> arguments) {
        List<RrdInput> inputs = new ArrayList<>();
        if (arguments != null) {
            for (String argument : arguments) {
                if (!argument.isEmpty()) {
                    inputs.add(argument.equals("-") ? stdin() : file(argument));
                }
            }
        }
        if (inputs.isEmpty()) {
            inputs.add(stdin());
        }
        return inputs;
    }

    /** A file that must exist (it may be a pipe, e.g. from process substitution); else a usage error. */
    public static RrdInput file(String argument) {
        Path path = Path.of(argument);
        if (Files.isDirectory(path)) {
            throw RrdToolException.usage(argument + " is a folder, not an .rrd file");
        }
        if (!Files.exists(path)) {
            throw RrdToolException.usage("no such file: " + argument);
        }
        return new RrdInput(argument, path);
    }

    public static RrdInput stdin() {
        return new RrdInput(STDIN, null);
    }

    boolean isFile() {
        return path != null && Files.isRegularFile(path);
    }

    /** The size of a regular file; -1 for standard input and pipes. */
    long size() throws IOException {
        return isFile() ? Files.size(path) : -1;
    }

    /** Opens the input; closing the stream of standard input leaves standard input open. */
    InputStream open() throws IOException {
        if (path != null) {
            return Files.newInputStream(path);
        }
        return new FilterInputStream(System.in) {
            @Override
            public void close() {
                // standard input belongs to the process
            }
        };
    }
}
