package dev.reel.distribution.cli;

import dev.reel.distribution.CliException;
import dev.reel.rrd.tools.Formatting;
import dev.reel.rrd.tools.Progress;
import dev.reel.rrd.tools.RrdInput;
import dev.reel.rrd.tools.RrdToolException;
import dev.reel.transport.tcp.RrdTcpClient;
import dev.reel.transport.tcp.StreamReceipt;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * What {@code reel send} does: each file over its own connection, with progress on a terminal (not with
 * {@code --json}); the server's answer decides the exit code (1 if it refused any file, with its reason on
 * standard error).
 */
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
        int refused = 0;
        for (Path file : files) {
            long started = System.nanoTime();
            StreamReceipt receipt;
            // a file of a format an extension reads (.csv with the CSV importer) goes as the .rrd it converts to
            Path stream;
            try {
                stream = RrdInput.file(file.toString()).path();
            } catch (RrdToolException e) {
                throw new CliException(CliException.FAILURE, "cannot send " + file + ": " + e.getMessage(), e);
            }
            try (Progress progress = json ? Progress.none() : Progress.start(commandLine.getErr(), Files.size(stream))) {
                receipt = RrdTcpClient.sendFile(stream, server.host(), server.port(), progress::update);
            } catch (IOException e) {
                throw new CliException(CliException.FAILURE, "sending " + file + " to " + to + " failed: "
                        + e.getMessage(), e);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (!receipt.isOk()) {
                refused++;
                commandLine.getErr().println("reel: " + to + " refused " + file + ": " + receipt.errorKind() + ": "
                        + receipt.errorMessage());
            }
            if (json) {
                JsonObject line = new JsonObject().put("file", file.toString()).put("to", to)
                        .put("status", receipt.isOk() ? "ok" : "refused").put("seconds", seconds);
                if (receipt.isOk()) {
                    line.put("messages", receipt.messages()).put("bytes", receipt.bytes());
                } else {
                    line.put("error", new JsonObject().put("kind", receipt.errorKind())
                            .put("message", receipt.errorMessage()));
                }
                commandLine.getOut().println(line.encode());
            } else if (receipt.isOk()) {
                commandLine.getOut().printf("sent %s to %s: %d messages, %s stored in %.2f s%n", file, to,
                        receipt.messages(), Formatting.bytes(receipt.bytes()), seconds);
            }
        }
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        return refused == 0 ? 0 : CliException.FAILURE;
    }
}
