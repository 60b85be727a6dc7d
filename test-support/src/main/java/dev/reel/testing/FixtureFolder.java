package dev.reel.testing;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.opentest4j.TestAbortedException;

/**
 * The folder of third-party Rerun files the tests read ({@code rerun-rrd/...}), with the tools that describe
 * them in {@code tools/} beside it. The files are not part of the repository, so a clone may not have them:
 * then a test that needs one is skipped with a line saying how to provide them, except under CI, where a
 * suite that silently skipped its fixture tests would go green without having checked anything.
 */
final class FixtureFolder {
    /** The system property naming the folder; the root pom sets it (default {@code ../shared/fixtures}). */
    static final String PROPERTY = "reel.fixtures.dir";

    private static final String HOW_TO_PROVIDE = "set -Dreel.fixtures.dir or REEL_FIXTURES";

    private final Path dir;
    private final boolean ci;
    private final Consumer<String> console;
    private final Set<String> announced = new HashSet<>();

    /**
     * @param dir the fixtures folder, which need not exist
     * @param ci whether absence is a failure rather than a skip
     * @param console where each distinct skip line is printed, once
     */
    FixtureFolder(Path dir, boolean ci, Consumer<String> console) {
        this.dir = requireNonNull(dir, "dir is null").toAbsolutePath().normalize();
        this.ci = ci;
        this.console = requireNonNull(console, "console is null");
    }

    /** The folder the build names, or {@code ../shared/fixtures} beside the project; CI when {@code CI=true}. */
    static FixtureFolder fromEnvironment() {
        String configured = System.getProperty(PROPERTY);
        Path dir = configured == null || configured.isBlank() ? Path.of("../shared/fixtures") : Path.of(configured);
        if (!dir.isAbsolute()) {
            // Surefire runs each module in its own folder, so a relative path is only meaningful from the root.
            dir = Fixtures.projectDir().resolve(dir);
        }
        return new FixtureFolder(dir, "true".equals(System.getenv("CI")), System.err::println);
    }

    /** A file under the folder; skips (or, under CI, fails) the calling test if it is not there. */
    Path file(String relative) {
        return require(dir.resolve(relative), "Rerun fixture");
    }

    /** A file under {@code tools/} beside the folder, with the same treatment when it is absent. */
    Path tool(String name) {
        return require(dir.resolveSibling("tools").resolve(name), "tool");
    }

    private Path require(Path path, String what) {
        if (!Files.isDirectory(dir)) {
            abort("Rerun fixtures not found at " + dir + " (" + HOW_TO_PROVIDE + ")");
        }
        if (!Files.isRegularFile(path)) {
            abort(what + " " + path + " not found; the fixtures folder " + dir + " is incomplete ("
                    + HOW_TO_PROVIDE + " to a complete copy)");
        }
        return path;
    }

    /** Always throws: the test is skipped, or under CI fails. */
    private void abort(String reason) {
        if (ci) {
            throw new AssertionError(reason + "; CI=true, so this is a failure, not a skip");
        }
        String line = reason + "; skipping";
        // One line per cause and test JVM: a missing folder would otherwise repeat it for every fixture test.
        synchronized (announced) {
            if (announced.add(line)) {
                console.accept(line);
            }
        }
        throw new TestAbortedException(line);
    }
}
