package dev.reel.distribution.cli;

import dev.reel.distribution.CliException;
import dev.reel.transport.tcp.RrdTcpClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** What {@code reel send} does: each file over its own connection, with progress on a terminal. */
final class FileSender {
    private final CommandLine commandLine;
    private final boolean json;

    FileSender(CommandLine commandLine, boolean json) {
        this.commandLine = commandLine;
        this.json = json;
    }

    int send(List<Path> files, String to) throws IOException {
        HostPort server = HostPort.parse("--to", to);
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new CliException(CliException.USAGE, "no such file: " + file);
            }
        }
        for (Path file : files) {
            long started = System.nanoTime();
            long sent;
            try (Progress progress = Progress.start(commandLine.getErr(), Files.size(file))) {
                sent = RrdTcpClient.sendFile(file, server.host(), server.port(), progress::update);
            } catch (IOException e) {
                throw new CliException(CliException.FAILURE, "sending " + file + " to " + to + " failed: "
                        + e.getMessage(), e);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (json) {
                commandLine.getOut().println(new JsonObject().put("file", file.toString()).put("to", to)
                        .put("bytes", sent).put("seconds", seconds).encode());
            } else {
                commandLine.getOut().printf("sent %s (%s) to %s in %.2f s%n", file, Formatting.bytes(sent), to,
                        seconds);
            }
        }
        commandLine.getOut().flush();
        return 0;
    }
}
