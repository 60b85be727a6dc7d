package dev.reel.distribution.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's check of a distribution descriptor, on the jars the build staged: what makes it fail, in the words
 * {@code reel ext list} uses.
 */
class DistributionBuilderIT {
    private static final Path STAGING = Path.of(System.getProperty("reel.dist.dir", "target/reel")).toAbsolutePath()
            .getParent().resolve("staging");

    @TempDir
    Path temp;

    @Test
    void theShippedDescriptorsResolve() throws Exception {
        for (String name : List.of("reel-server", "reel-ingest")) {
            Distribution distribution = Distribution.read(Path.of("src/distributions", name + ".properties"));
            assertThat(DistributionBuilder.build(distribution, STAGING.resolve("lib"), STAGING.resolve("bundles"),
                    temp.resolve(name))).as(name).isEmpty();
            assertThat(temp.resolve(name).resolve(Distribution.FILE)).isRegularFile();
        }
    }

    @Test
    void aBundleTheBuildDidNotMakeFailsTheDistribution() throws Exception {
        Distribution wrong = new Distribution("wrong", "", List.of("dev.reel.rrd.codec", "org.example.nothing"), false,
                Map.of());
        assertThat(DistributionBuilder.build(wrong, STAGING.resolve("lib"), STAGING.resolve("bundles"),
                temp.resolve("wrong"))).singleElement().asString()
                .startsWith("bundle org.example.nothing is not one the build made (it has ");
    }

    @Test
    void aRequirementNothingProvidesFailsTheDistributionNamingIt() throws Exception {
        // the viewer store without the codec whose packages it imports
        Distribution partial = new Distribution("partial", "", List.of("dev.reel.viewer.store",
                "com.github.ben-manes.caffeine", "org.apache.felix.scr", "org.osgi.service.component",
                "org.osgi.util.promise", "org.osgi.util.function"), false, Map.of());
        List<String> problems = DistributionBuilder.build(partial, STAGING.resolve("lib"), STAGING.resolve("bundles"),
                temp.resolve("partial"));
        assertThat(problems).singleElement().asString()
                .startsWith("bundle dev.reel.viewer.store 0.1.0.SNAPSHOT does not resolve: ")
                .contains("needs package dev.reel.rrd [1.1.0,2.0.0): the platform has no such package");
        try (Stream<Path> staged = Files.list(temp.resolve("partial/bundles"))) {
            assertThat(staged).hasSize(6);
        }
    }
}
