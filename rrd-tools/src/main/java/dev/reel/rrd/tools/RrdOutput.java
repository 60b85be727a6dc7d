package dev.reel.rrd.tools;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.List;

/**
 * Where a verb writes its {@code .rrd} stream: a file ({@code -o}), written under a temporary name and moved
 * into place only when complete, or standard output, which must not be a terminal.
 */
public final class RrdOutput implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final OutputStream out;
    private final Path target;
    private final Path temporary;
    private final PrintStream stdout;
    private boolean committed;

    private RrdOutput(OutputStream out, Path target, Path temporary, PrintStream stdout) {
        this.out = out;
        this.target = target;
        this.temporary = temporary;
        this.stdout = stdout;
    }

    /**
     * @param target the file, or null for standard output
     * @param inputs refused as target: writing would destroy them before they are read
     * @throws RrdToolException (usage) if standard output is a terminal or the file cannot be written there
     */
    public static RrdOutput open(Path target, List<RrdInput> inputs) throws IOException {
        if (target == null) {
            if (Terminal.isTerminal(Terminal.STDOUT)) {
                throw RrdToolException.usage("you must redirect the output to a file and/or stream (or give -o FILE)");
            }
            PrintStream stdout = System.out;
            return new RrdOutput(new OutputStream() {
                @Override
                public void write(int b) {
                    stdout.write(b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    stdout.write(bytes, offset, length);
                }

                @Override
                public void flush() {
                    stdout.flush();
                }

                @Override
                public void close() {
                    stdout.flush();
                }
            }, null, null, stdout);
        }
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw RrdToolException.usage("-o " + target + " is a folder");
        }
        for (RrdInput input : inputs) {
            if (input.path() != null && Files.exists(absolute) && Files.isSameFile(input.path(), absolute)) {
                throw RrdToolException.usage("-o " + target + " is also an input");
            }
        }
        Path folder = absolute.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw RrdToolException.usage("-o " + target + ": folder " + folder + " does not exist");
        }
        // not Files.createTempFile: its owner-only permissions would stay on the finished file
        Path temporary = folder.resolve("." + absolute.getFileName() + "." + Long.toHexString(RANDOM.nextLong())
                + ".part");
        return new RrdOutput(new BufferedOutputStream(Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), 1 << 16), absolute, temporary, null);
    }

    /** Where to write the stream. */
    public OutputStream stream() {
        return out;
    }

    /** Completes the output: the file appears under its name, or standard output is flushed. */
    public void commit() throws IOException {
        out.close();
        if (temporary != null) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else if (stdout.checkError()) {
            throw new IOException("cannot write to standard output");
        }
        committed = true;
    }

    /** Without {@link #commit}, the partial file is removed. */
    @Override
    public void close() throws IOException {
        if (committed) {
            return;
        }
        try {
            out.close();
        } finally {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
