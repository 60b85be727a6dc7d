package dev.reel.distribution.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The command's log: one line per event on stderr, levels from properties at start and from configurations later. */
class TestLogging {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void captureStderr() {
        original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setProperty("reel.log.dev.reel.quiet", "warn");
        Logging.configure();
    }

    @AfterEach
    void restore() {
        System.setErr(original);
        System.clearProperty("reel.log.dev.reel.quiet");
        Logging.configure();
    }

    private String logged() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLineIsTimeLevelShortNameAndMessageWithTheStackOfAThrowable() {
        LoggerFactory.getLogger("dev.reel.some.CatalogBundle").info("catalog open: {}", "h2");
        LoggerFactory.getLogger("dev.reel.some.CatalogBundle").warn("failed", new IllegalStateException("boom"));
        assertThat(logged().lines().toList().get(0)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO CatalogBundle - catalog open: h2");
        assertThat(logged()).contains("WARN CatalogBundle - failed").contains("java.lang.IllegalStateException: boom")
                .contains("\tat dev.reel.distribution.runtime.TestLogging");
    }

    @Test
    void startUpLevelsComeFromPropertiesAndChattyLibrariesAreQuiet() {
        LoggerFactory.getLogger("dev.reel.quiet.X").info("not shown");
        LoggerFactory.getLogger("io.netty.Y").info("not shown either");
        LoggerFactory.getLogger("dev.reel.other.Z").debug("below info");
        assertThat(logged()).isEmpty();
        assertThat(Logging.levelOf("dev.reel.quiet.X")).isEqualTo("warn");
        assertThat(Logging.levelOf("dev.reel.other.Z")).isEqualTo("info");
    }

    @Test
    void aConfigurationChangesLevelsWhileRunningAndItsRemovalRestoresThem() {
        Logging.apply(Map.of("dev.reel.store", "debug", "dev.reel.quiet", "info", "service.pid", "dev.reel.logging"));
        LoggerFactory.getLogger("dev.reel.store.Hub").debug("now shown");
        LoggerFactory.getLogger("dev.reel.quiet.X").info("shown too");
        assertThat(logged()).contains("DEBUG Hub - now shown").contains("INFO X - shown too");

        Logging.apply(Map.of("level", "error"));
        assertThat(Logging.levelOf("dev.reel.store.Hub")).as("back to the root's").isEqualTo("error");
        assertThat(Logging.levelOf("dev.reel.quiet.X")).as("back to its start-up level").isEqualTo("warn");

        Logging.apply(null);
        assertThat(Logging.levelOf("dev.reel.store.Hub")).isEqualTo("info");
    }

    @Test
    void aValueThatIsNotALevelChangesNothing() {
        assertThatThrownBy(() -> Logging.apply(Map.of("dev.reel.store", "debug", "dev.reel.tcp", "loud")))
                .hasMessage("a log level is trace, debug, info, warn, error or off, got 'loud'");
        assertThat(Logging.levelOf("dev.reel.store.Hub")).isEqualTo("info");
    }
}
