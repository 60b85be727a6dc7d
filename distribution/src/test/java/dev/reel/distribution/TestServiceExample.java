package dev.reel.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The example service configuration the distribution ships (share/systemd/) stays valid for 'reel serve'. */
class TestServiceExample {
    private static final Path SYSTEMD = Path.of("src", "main", "dist", "share", "systemd");
    private static final Path PROPERTIES = SYSTEMD.resolve("reel.properties");
    private static final Pattern COMMENTED_SETTING = Pattern.compile("(?m)^#([a-z][a-z0-9.-]* = )");

    @TempDir
    Path temp;

    @Test
    void theExamplePropertiesPassConfigCheck() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exitCode = check(PROPERTIES, out, err);

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(out.toString()).contains("= /var/lib/reel  (" + PROPERTIES + ": data)")
                .endsWith(PROPERTIES + ": valid" + System.lineSeparator());
    }

    @Test
    void theExamplePropertiesNameEveryKey() throws Exception {
        String text = Files.readString(PROPERTIES);

        for (String key : ServerConfiguration.KEYS) {
            assertThat(text).as("share/systemd/reel.properties documents " + key)
                    .containsPattern("(?m)^#?" + Pattern.quote(key) + " = ");
        }
    }

    /** The commented settings are examples too: uncommented, with their folders made to exist, they pass. */
    @Test
    void theCommentedSettingsPassConfigCheckWhenUncommented() throws Exception {
        Path data = Files.createDirectories(temp.resolve("var-lib-reel"));
        Path recordings = Files.createDirectories(temp.resolve("srv-recordings"));
        String uncommented = COMMENTED_SETTING.matcher(Files.readString(PROPERTIES)).replaceAll("$1")
                .replace("/var/lib/reel", data.toString()).replace("/srv/recordings", recordings.toString());
        Path file = Files.writeString(temp.resolve("reel.properties"), uncommented);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exitCode = check(file, out, err);

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(out.toString()).contains("= jdbc:postgresql://127.0.0.1:5432/reel  (" + file + ": catalog-url)")
                .contains("= ********  (" + file + ": reel.catalog.password)")
                .contains("= 268435456  (" + file + ": reel.transport.tcp.max-message-bytes)")
                .endsWith(file + ": valid" + System.lineSeparator());
    }

    @Test
    void theUnitStartsTheServerWithTheExampleConfiguration() throws Exception {
        String unit = Files.readString(SYSTEMD.resolve("reel.service"));

        assertThat(unit).contains("\nExecStart=/opt/reel/bin/reel serve --config /etc/reel/reel.properties\n")
                .contains("\nReadWritePaths=/var/lib/reel\n").contains("\nTimeoutStopSec=");
    }

    private static int check(Path file, StringWriter out, StringWriter err) {
        CommandLine reel = Reel.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        return reel.execute("config", "check", file.toString());
    }
}
