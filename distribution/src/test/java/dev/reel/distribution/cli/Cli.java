package dev.reel.distribution.cli;

import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.LogMsg;
import dev.reel.distribution.Reel;
import dev.reel.rrd.RrdReader;
import dev.reel.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import picocli.CommandLine;

/** Runs {@code reel} in-process, as a user would, with standard streams captured. */
final class Cli {
    /** What a run printed and returned. */
    record Result(int exitCode, String out, String err, byte[] binaryOut) {
        /** The lines of standard output. */
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private Cli() {}

    static Result run(String... args) {
        return run(null, args);
    }

    /** Runs with {@code stdin} as standard input (null: the process's own); binary output lands in binaryOut. */
    static synchronized Result run(byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InputStream previousIn = System.in;
        PrintStream previousOut = System.out;
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        try {
            if (stdin != null) {
                System.setIn(new ByteArrayInputStream(stdin));
            }
            // before the command line exists: picocli's default handler remembers System.out when created and
            // would otherwise restore it over the writers set below
            System.setOut(new PrintStream(binary, true));
            CommandLine commandLine = Reel.commandLine();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            int exitCode = commandLine.execute(args);
            return new Result(exitCode, out.toString(), err.toString(), binary.toByteArray());
        } finally {
            System.setIn(previousIn);
            System.setOut(previousOut);
        }
    }

    /**
     * A fixture's path, as an argument. Looked up by each test rather than kept in a static field, so that without
     * the fixtures only the tests that read one are skipped.
     */
    static String fixture(String name) {
        return Fixtures.rrd(name).toString();
    }

    /** The messages of a file; close them with {@link #close}. */
    static List<LogMsg> read(Path file, BufferAllocator allocator) throws Exception {
        return RrdReader.readAll(file, allocator);
    }

    static List<LogMsg> read(byte[] stream, BufferAllocator allocator) throws Exception {
        java.util.ArrayList<LogMsg> messages = new java.util.ArrayList<>();
        RrdReader.read(new ByteArrayInputStream(stream), "test", allocator, dev.reel.api.spi.DecodeOptions.DEFAULT,
                messages::add);
        return messages;
    }

    static List<Chunk> chunks(List<LogMsg> messages) {
        return messages.stream().filter(m -> m instanceof ArrowMsg).map(m -> ((ArrowMsg) m).chunk()).toList();
    }

    static void close(List<LogMsg> messages) {
        messages.forEach(LogMsg::close);
    }
}
