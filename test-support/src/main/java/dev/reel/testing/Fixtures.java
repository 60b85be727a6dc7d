package dev.reel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The real Rerun files in the fixtures folder ({@code rerun-rrd/...}, read-only: copy before changing) and the
 * project's own folders, located from the system properties the build sets. The fixtures folder is the one
 * setting {@code reel.fixtures.dir} (default {@code ../shared/fixtures} beside the project; {@code .ci/test} and
 * the build also take it from {@code REEL_FIXTURES}); the tools are in {@code tools/} beside it. A test that
 * asks for a fixture that is not there is skipped with one line saying so, or fails when {@code CI=true}.
 */
public final class Fixtures {
    public static final String FILE1 = "v0.28.0-alpha.1+dev_2025-12-12/file1.rrd";
    public static final String FILE2 = "v0.28.0-alpha.1+dev_2025-12-12/file2.rrd";
    public static final String BLUEPRINT_RRB = "v0.28.0-alpha.1+dev_2025-12-12/test.rrb";
    public static final String LEGACY_V0_PROTOBUF = "v0.23.0-alpha.1+dev_2025-04-03/example.rrd";
    public static final String LEGACY_MSGPACK = "v0.12.0-alpha.1+dev_2023-12-13_legacy-msgpack/example.rrd";
    public static final String TEXT_LOG_0_31 = "v0.30-v0.31/v0.31.4_unity-rerun-sdk_oracle_text_log.rrd";
    public static final String BLUEPRINT_0_30 = "v0.30-v0.31/v0.30.1_rerun-4seasons_blueprint.rbl";
    public static final String BOXES_0_30 = "v0.30-v0.31/v0.30.0-alpha.1+dev_dimos-viewer_test_boxes3d.rrd";
    /** Real-world files from public repositories, each with its {@code .dump.txt} beside it (see its README). */
    public static final String WILD = "wild/";

    private Fixtures() {}

    /** Resolved on first use, so that tests which never touch a fixture do not depend on the setting. */
    private static final class Folder {
        static final FixtureFolder INSTANCE = FixtureFolder.fromEnvironment();
    }

    /** The project's root folder (where the parent pom is). */
    public static Path projectDir() {
        String configured = System.getProperty("reel.project.dir");
        if (configured != null) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("core-api"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the project folder; set -Dreel.project.dir");
        }
        return dir;
    }

    /** A fixture file by its path under {@code rerun-rrd}; skips the test when it is absent. */
    public static Path rrd(String name) {
        return Folder.INSTANCE.file("rerun-rrd/" + name);
    }

    /** The decoded dump that {@code tools/rrd_dump.py} printed for a fixture, from {@code rerun-rrd/dumps/}. */
    public static Path dump(String fileName) {
        return rrd("dumps/" + fileName);
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(rrd(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code tools/rrd_dump.py}, Rerun's format read by an independent reader; skips the test when absent. */
    public static Path rrdDumpTool() {
        return Folder.INSTANCE.tool("rrd_dump.py");
    }
}
