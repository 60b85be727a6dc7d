package dev.reel.api;

import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;

import aQute.bnd.differ.Baseline;
import aQute.bnd.differ.Baseline.Info;
import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Instructions;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;
import aQute.bnd.version.Version;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API baseline (api-baseline/README.md) with bnd's own baseliner, the one bnd-baseline-maven-plugin runs at
 * verify: today's core-api matches the released baseline, and a change that breaks implementers or callers
 * without the package's major version saying so is caught. The changed API is today's classes with one interface
 * recompiled from its real source plus the change.
 */
class TestApiBaseline {
    private static final Path CLASSES = Paths.get("target/classes");
    private static final Path SOURCES = Paths.get("src/main/java");
    private static final Pattern ABSTRACT_METHOD =
            Pattern.compile("(?m)^    [\\w<>?, .\\[\\]]+ \\w+\\([^)]*\\)( throws [\\w., ]+)?;\n");

    @TempDir
    Path temp;

    @Test
    void theApiMatchesTheReleasedBaseline() throws Exception {
        Set<Info> infos = baseline(CLASSES, releasedBaseline());

        assertThat(mismatches(infos)).extracting(info -> info.packageName).as(report(infos)).isEmpty();
        assertThat(infos).extracting(info -> info.packageName)
                .contains("dev.reel.api", "dev.reel.api.bus", "dev.reel.api.log", "dev.reel.api.platform",
                        "dev.reel.api.spi");
    }

    @Test
    void anAbstractMethodAddedToAConsumerTypeNeedsANewMajorVersion() throws Exception {
        Path changed = withChange("dev/reel/api/spi/Transport.java", "    void addedByTestApiBaseline();\n");

        Info spi = only(mismatches(baseline(changed, releasedBaseline())));

        assertThat(spi.packageName).isEqualTo("dev.reel.api.spi");
        assertThat(spi.suggestedVersion).isEqualTo(new Version(spi.olderVersion.getMajor() + 1, 0, 0));
        assertThat(spi.packageDiff.toString()).contains("dev.reel.api.spi");
    }

    @Test
    void aMethodRemovedFromAConsumerTypeNeedsANewMajorVersion() throws Exception {
        Path changed = withSource("dev/reel/api/spi/Transport.java", TestApiBaseline::withoutLastAbstractMethod);

        Info spi = only(mismatches(baseline(changed, releasedBaseline())));

        assertThat(spi.packageName).isEqualTo("dev.reel.api.spi");
        assertThat(spi.suggestedVersion).isEqualTo(new Version(spi.olderVersion.getMajor() + 1, 0, 0));
    }

    /**
     * Against today's API rather than the release: what a provider type allows depends on the package's version
     * now, which may already be past the release's.
     */
    @Test
    void aMethodAddedToAProviderTypeNeedsANewMinorVersionOnly() throws Exception {
        Path changed = withChange("dev/reel/api/platform/Modules.java", "    int addedByTestApiBaseline();\n");
        try (Jar today = bundle(CLASSES)) {
            Info platform = only(mismatches(baseline(changed, today)));
            assertThat(platform.packageName).isEqualTo("dev.reel.api.platform");
            assertThat(platform.suggestedVersion).isEqualTo(
                    new Version(platform.olderVersion.getMajor(), platform.olderVersion.getMinor() + 1, 0));

            String bumped = "@Version(\"" + platform.suggestedVersion + "\")";
            Path versioned = withSource("dev/reel/api/platform/package-info.java",
                    source -> source.replaceFirst("@Version\\(\"[^\"]*\"\\)", bumped), changed);
            assertThat(mismatches(baseline(versioned, today))).isEmpty();
        }
    }

    private static File releasedBaseline() {
        File jar = new File(System.getProperty("reel.api.baseline.jar", "(reel.api.baseline.jar not set)"));
        assertThat(jar).as("the released baseline, api-baseline/repository").isFile();
        return jar;
    }

    /** Today's classes with {@code member} added as the last member of the interface in {@code file}. */
    private Path withChange(String file, String member) throws IOException {
        return withSource(file, source -> {
            int end = source.lastIndexOf('}');
            return source.substring(0, end) + "\n" + member + source.substring(end);
        });
    }

    private Path withSource(String file, SourceChange change) throws IOException {
        return withSource(file, change, CLASSES);
    }

    /** A copy of {@code classes} with {@code file} (from src/main/java) changed and recompiled into it. */
    private Path withSource(String file, SourceChange change, Path classes) throws IOException {
        Path out = Files.createTempDirectory(temp, "classes");
        try (Stream<Path> paths = Files.walk(classes)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = out.resolve(classes.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
        Path source = Files.createTempDirectory(temp, "src").resolve(file);
        Files.createDirectories(source.getParent());
        String original = Files.readString(SOURCES.resolve(file));
        String changed = change.apply(original);
        assertThat(changed).as("the change to " + file).isNotEqualTo(original);
        Files.writeString(source, changed);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        boolean compiled = javac.getTask(errors, null, null,
                List.of("--release", "17", "-proc:none", "-d", out.toString(), "-cp",
                        out + File.pathSeparator + System.getProperty("java.class.path")),
                null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(source.toFile())).call();
        assertThat(compiled).as(errors.toString()).isTrue();
        return out;
    }

    private static String withoutLastAbstractMethod(String source) {
        Matcher method = ABSTRACT_METHOD.matcher(source);
        int start = -1;
        int end = -1;
        while (method.find()) {
            start = method.start();
            end = method.end();
        }
        assertThat(start).as("an abstract method in\n" + source).isNotNegative();
        return source.substring(0, start) + source.substring(end);
    }

    /** core-api's bundle as bnd-maven-plugin makes it (the exports come from the package-info annotations). */
    private static Jar bundle(Path classes) throws Exception {
        try (Builder builder = new Builder()) {
            builder.setJar(new Jar(classes.toFile()));
            builder.setProperty("Bundle-SymbolicName", "dev.reel.core.api");
            builder.setProperty("-noextraheaders", "true");
            Jar jar = builder.build();
            assertThat(builder.getErrors()).isEmpty();
            builder.setJar((Jar) null);
            return jar;
        }
    }

    private static Set<Info> baseline(Path classes, File released) throws Exception {
        try (Jar older = new Jar(released)) {
            return baseline(classes, older);
        }
    }

    private static Set<Info> baseline(Path classes, Jar older) throws Exception {
        try (Processor processor = new Processor(); Jar newer = bundle(classes)) {
            return new Baseline(processor, new DiffPluginImpl()).baseline(newer, older, new Instructions("*"));
        }
    }

    private static List<Info> mismatches(Set<Info> infos) {
        return infos.stream().filter(info -> info.mismatch).toList();
    }

    private static Info only(List<Info> infos) {
        assertThat(infos).as("packages whose version does not fit the change").hasSize(1);
        return infos.get(0);
    }

    /** What bnd-baseline-maven-plugin reports: each package whose version does not fit its change, and why. */
    private static String report(Set<Info> infos) {
        return "exported packages changed beyond their @Version (api-baseline/README.md):\n"
                + mismatches(infos).stream()
                        .map(info -> info.packageName + " is " + info.newerVersion + ", was " + info.olderVersion
                                + ", needs " + info.suggestedVersion + "\n" + String.format("%#2S", info.packageDiff))
                        .collect(joining("\n"));
    }

    @FunctionalInterface
    private interface SourceChange {
        String apply(String source);
    }
}
