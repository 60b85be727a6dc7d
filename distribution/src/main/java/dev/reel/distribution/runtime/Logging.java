package dev.reel.distribution.runtime;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The log of the {@code reel} command and server: SLF4J over the JDK's logging (slf4j-jdk14), one line per event
 * on standard error ({@code 07:06:55.840 INFO CatalogBundle - catalog open: ...}), so that standard output
 * carries only what commands print. Levels come from system properties at start ({@code reel.log.level} for all,
 * {@code reel.log.<logger>} for one: {@code -Dreel.log.dev.reel.tcp=debug} in {@code REEL_JAVA_OPTS};
 * {@code REEL_LOG_LEVEL} sets the first) and change while the server runs through Configuration Admin
 * ({@link #apply}, the PID {@value #PID}).
 */
public final class Logging {
    /** The Configuration Admin PID of live log levels: {@code level} for all loggers, a logger's name for one. */
    public static final String PID = "dev.reel.logging";
    public static final String LEVEL = "reel.log.level";
    private static final String PREFIX = "reel.log.";
    /** Chatty libraries: their INFO lines are not the server's story. */
    private static final Map<String, String> QUIET = Map.of("io.netty", "warn", "io.vertx", "warn",
            "org.apache.arrow", "warn", "com.hazelcast", "warn",
            // Reel uses no CP data structure (Raft locks, atomics); Hazelcast warns at every start that CP is off
            "com.hazelcast.cp.CPSubsystem", "error");
    /** Loggers whose level was set: the JDK holds loggers weakly, and a collected one forgets its level. */
    private static final Map<String, Logger> HELD = new HashMap<>();
    private static Map<String, Level> startup = Map.of();
    private static boolean configured;
    private static Map<String, Level> live = Map.of();

    private Logging() {}

    /** Sets up the handler and the start-up levels; called first thing by the command line. */
    public static synchronized void configure() {
        configured = true;
        LogManager.getLogManager().reset();
        HELD.clear();
        Logger root = hold("");
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(new LineFormatter());
        root.addHandler(handler);
        Map<String, Level> levels = new HashMap<>();
        levels.put("", parse(System.getProperty(LEVEL, "info")));
        QUIET.forEach((name, level) -> levels.put(name, parse(level)));
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(PREFIX) && !key.equals(LEVEL)) {
                levels.put(key.substring(PREFIX.length()), parse(System.getProperty(key)));
            }
        }
        startup = Map.copyOf(levels);
        live = Map.of();
        levels.forEach((name, level) -> hold(name).setLevel(level));
    }

    /**
     * Configures the log as {@link #configure} does unless that happened already in this JVM: for the runtime and
     * the command line used in process (tests, benchmarks), which would otherwise log with the JDK's defaults
     * (two lines per event, and Arrow's INFO line for every chunk schema it reads).
     */
    public static synchronized void ensureConfigured() {
        if (!configured) {
            configure();
        }
    }

    /**
     * Applies a configuration's levels ({@code level} for all loggers, any other key a logger's name; values
     * {@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error}, {@code off}) over the start-up
     * levels; a logger the previous configuration set and this one does not goes back to its start-up level.
     * Null (the configuration deleted) restores the start-up levels.
     *
     * @return the levels set, by logger ({@code level} for all), as the configuration spells them
     * @throws IllegalArgumentException naming a value that is not a level; nothing changes then
     */
    public static synchronized Map<String, String> apply(Map<String, String> configuration) {
        Map<String, Level> wanted = new HashMap<>();
        Map<String, String> applied = new java.util.TreeMap<>();
        if (configuration != null) {
            configuration.forEach((key, value) -> {
                if (!key.startsWith("service.") && !key.startsWith("felix.") && !key.equals("component.name")) {
                    wanted.put(key.equals("level") ? "" : key, parse(value));
                    applied.put(key, value.trim());
                }
            });
        }
        for (String name : live.keySet()) {
            if (!wanted.containsKey(name)) {
                hold(name).setLevel(startup.get(name));
            }
        }
        wanted.forEach((name, level) -> hold(name).setLevel(level));
        live = Map.copyOf(wanted);
        return applied;
    }

    /** The level a logger logs at now, as SLF4J names it. */
    public static String levelOf(String logger) {
        Logger current = Logger.getLogger(logger);
        while (current != null && current.getLevel() == null) {
            current = current.getParent();
        }
        return current == null ? "info" : name(current.getLevel()).toLowerCase(Locale.ROOT);
    }

    private static Logger hold(String name) {
        return HELD.computeIfAbsent(name, Logger::getLogger);
    }

    static Level parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.FINEST;
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "warn", "warning" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            case "off" -> Level.OFF;
            default -> throw new IllegalArgumentException("a log level is trace, debug, info, warn, error or off, got '"
                    + text + "'");
        };
    }

    private static String name(Level level) {
        int value = level.intValue();
        if (value >= Level.OFF.intValue()) {
            return "OFF";
        }
        return value >= Level.SEVERE.intValue() ? "ERROR" : value >= Level.WARNING.intValue() ? "WARN"
                : value >= Level.INFO.intValue() ? "INFO" : value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    /**
     * The time of day of a log line, in the system's zone, set up by the first line: looking up the zone reads the
     * JDK's time-zone rules and asks every jar on the class path for more, which a file tool that logs nothing
     * should not pay for at start.
     */
    private static final class LineTime {
        static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
                .withZone(ZoneId.systemDefault());
    }

    /** {@code 07:06:55.840 INFO CatalogBundle - message}, and the stack trace of a throwable. */
    private static final class LineFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
            StringBuilder line = new StringBuilder(128)
                    .append(LineTime.FORMAT.format(Instant.ofEpochMilli(record.getMillis())))
                    .append(' ').append(name(record.getLevel())).append(' ')
                    .append(logger.substring(logger.lastIndexOf('.') + 1)).append(" - ").append(formatMessage(record))
                    .append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }
    }
}
