package dev.reel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The real Rerun files in {@code ../shared/fixtures/rerun-rrd} (read-only: copy before changing) and the
 * project's own folders, located from the system properties the build sets.
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

    private Fixtures() {}

    /** The shared folder ({@code ../shared} next to the project). */
    public static Path sharedDir() {
        String configured = System.getProperty("reel.shared.dir");
        Path dir = configured != null ? Paths.get(configured) : projectDir().resolve("../shared");
        return dir.toAbsolutePath().normalize();
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

    /** A fixture file by its path under {@code fixtures/rerun-rrd}. */
    public static Path rrd(String name) {
        Path path = sharedDir().resolve("fixtures/rerun-rrd").resolve(name);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("fixture not found: " + path);
        }
        return path;
    }

    /** The decoded dump that {@code tools/rrd_dump.py} printed for a fixture, from {@code dumps/}. */
    public static Path dump(String fileName) {
        return sharedDir().resolve("fixtures/rerun-rrd/dumps").resolve(fileName);
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(rrd(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code tools/rrd_dump.py}, Rerun's format read by an independent reader. */
    public static Path rrdDumpTool() {
        return sharedDir().resolve("tools/rrd_dump.py");
    }
}
