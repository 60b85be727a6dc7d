package dev.reel.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.catalog.CatalogException;
import dev.reel.catalog.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registration reads only regular files under the allowed roots, named by file URL or path. */
class TestSourcePolicy {
    @TempDir
    Path temp;

    private Path root;
    private SourcePolicy policy;

    @BeforeEach
    void roots() throws Exception {
        root = Files.createDirectories(temp.resolve("root"));
        Files.createDirectories(root.resolve("a/b"));
        Files.writeString(root.resolve("one.rrd"), "x");
        Files.writeString(root.resolve("a/two.RRD"), "x");
        Files.writeString(root.resolve("a/b/three.rrd"), "x");
        Files.writeString(root.resolve("a/b/notes.txt"), "x");
        policy = new SourcePolicy(List.of(root));
    }

    private static CatalogException.Kind kindOf(Runnable call) {
        try {
            call.run();
        } catch (CatalogException e) {
            return e.kind();
        }
        throw new AssertionError("no error");
    }

    @Test
    void pathsAndFileUrlsUnderARoot() throws Exception {
        Path real = root.toRealPath().resolve("one.rrd");
        assertThat(policy.resolve(DataSource.file(real.toString()), Set.of("rrd"))).containsExactly(real);
        assertThat(policy.resolve(DataSource.file(real.toUri().toString()), Set.of("rrd"))).containsExactly(real);
        assertThat(policy.resolve(DataSource.file("one.rrd"), Set.of("rrd"))).as("relative to the first root")
                .containsExactly(real);
    }

    @Test
    void aPrefixIsEveryFileWithTheExtensionBelowItSorted() throws Exception {
        DataSource prefix = new DataSource(root.resolve("a").toString(), dev.reel.api.LayerName.BASE, true, false);
        assertThat(policy.resolve(prefix, Set.of("rrd"))).containsExactly(root.toRealPath().resolve("a/b/three.rrd"),
                root.toRealPath().resolve("a/two.RRD"));
        Files.createDirectories(root.resolve("empty"));
        DataSource empty = new DataSource(root.resolve("empty").toString(), dev.reel.api.LayerName.BASE, true, false);
        assertThatThrownBy(() -> policy.resolve(empty, Set.of("rrd"))).hasMessageContaining("no rrd files found");
    }

    @Test
    void whatLiesOutsideTheRootsIsForbiddenAndSaysWhichSetting() throws Exception {
        Path outside = Files.writeString(temp.resolve("outside.rrd"), "x");
        assertThatThrownBy(() -> policy.resolve(DataSource.file(outside.toString()), Set.of("rrd")))
                .isInstanceOf(CatalogException.class).hasMessageContaining("--allowed-roots")
                .satisfies(e -> assertThat(((CatalogException) e).kind()).isEqualTo(CatalogException.Kind.FORBIDDEN));
        assertThat(kindOf(() -> policy.resolve(DataSource.file(root + "/a/../../outside.rrd"), Set.of("rrd"))))
                .as("..").isEqualTo(CatalogException.Kind.FORBIDDEN);
        Files.createSymbolicLink(root.resolve("link.rrd"), outside);
        assertThat(kindOf(() -> policy.resolve(DataSource.file(root.resolve("link.rrd").toString()), Set.of("rrd"))))
                .as("a symbolic link out of the root").isEqualTo(CatalogException.Kind.FORBIDDEN);
    }

    @Test
    void otherSchemesMissingFilesAndFoldersAreBadRequests() {
        assertThat(kindOf(() -> policy.resolve(DataSource.file("http://example.com/x.rrd"), Set.of("rrd"))))
                .isEqualTo(CatalogException.Kind.BAD_REQUEST);
        assertThat(kindOf(() -> policy.resolve(DataSource.file("s3://bucket/x.rrd"), Set.of("rrd"))))
                .isEqualTo(CatalogException.Kind.BAD_REQUEST);
        assertThat(kindOf(() -> policy.resolve(DataSource.file("file://other-host/x.rrd"), Set.of("rrd"))))
                .isEqualTo(CatalogException.Kind.BAD_REQUEST);
        assertThat(kindOf(() -> policy.resolve(DataSource.file("missing.rrd"), Set.of("rrd"))))
                .isEqualTo(CatalogException.Kind.BAD_REQUEST);
        assertThatThrownBy(() -> policy.resolve(DataSource.file(root.resolve("a").toString()), Set.of("rrd")))
                .hasMessageContaining("register it as a prefix");
    }
}
