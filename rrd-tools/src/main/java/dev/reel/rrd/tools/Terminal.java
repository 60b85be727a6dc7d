package dev.reel.rrd.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the process's standard streams are terminals: binary output is refused there, progress shown there. */
final class Terminal {
    static final int STDOUT = 1;
    static final int STDERR = 2;

    private Terminal() {}

    /**
     * True if the descriptor is a terminal. Java has no isatty; on Linux the descriptor's link says where it
     * points, elsewhere {@link System#console()} (non-null only when both stdin and stdout are terminals) is the
     * best guess.
     */
    static boolean isTerminal(int descriptor) {
        Path link = Path.of("/proc/self/fd/" + descriptor);
        try {
            String target = Files.readSymbolicLink(link).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
