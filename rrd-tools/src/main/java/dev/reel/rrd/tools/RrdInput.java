package dev.reel.rrd.tools;

import dev.reel.api.spi.RecordingCodec;
import dev.reel.rrd.RrdConversion;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

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

    /**
     * A file that must exist (it may be a pipe, e.g. from process substitution); else a usage error. A file of
     * another format an extension reads ({@code .csv} with Reel's CSV importer) is converted to a temporary
     * {@code .rrd} first, still named as given; one that is not valid in its format is a failure.
     */
    public static RrdInput file(String argument) {
        Path path = Path.of(argument);
        if (Files.isDirectory(path)) {
            throw RrdToolException.usage(argument + " is a folder, not an .rrd file");
        }
        if (!Files.exists(path)) {
            throw RrdToolException.usage("no such file: " + argument);
        }
        Optional<RecordingCodec> format = RecordingFormats.forFile(path.getFileName().toString());
        return new RrdInput(argument, format.isPresent() ? converted(argument, path, format.get()) : path);
    }

    private static Path converted(String argument, Path path, RecordingCodec format) {
        try {
            Path rrd = Files.createTempFile("reel-" + format.name() + "-", ".rrd");
            rrd.toFile().deleteOnExit();
            try (InputStream in = Files.newInputStream(path);
                    OutputStream out = Files.newOutputStream(rrd);
                    BufferAllocator allocator = new RootAllocator()) {
                RrdConversion.toRrd(format, argument, in, out, allocator);
            }
            return rrd;
        } catch (IOException e) {
            throw RrdToolException.failure(e.getMessage());
        }
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
