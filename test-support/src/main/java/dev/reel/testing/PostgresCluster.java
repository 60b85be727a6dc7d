package dev.reel.testing;

import static java.util.Objects.requireNonNull;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away PostgreSQL server for tests: {@code initdb} into a temporary folder, the server started on
 * {@code 127.0.0.1} on a free port (its Unix socket inside the folder, so it touches nothing of the machine's
 * own PostgreSQL), and on {@link #close} stopped and the folder deleted. Trust authentication for one superuser,
 * {@value #SUPERUSER}; UTF-8 with the C locale (byte order), the one locale every machine has; {@code fsync} on,
 * as in production, so that what a test calls durable really went to disk.
 *
 * <p>The binaries are those of {@code -Dreel.pg.bin=DIR}, else {@code REEL_PG_BIN}, else the newest
 * {@code /usr/lib/postgresql/<version>/bin} (Debian's {@code postgresql} package). The server refuses to run as
 * root, and CI runs as root: then {@code initdb} and {@code pg_ctl} run as the unprivileged user
 * {@value #SERVER_USER} (the Debian package creates it), through {@code setpriv}, with the folder given to
 * that user. When any of this is missing, {@link #start} skips the calling test with one line saying what, or
 * fails it when {@code CI=true} (as {@link Fixtures} does).
 *
 * <pre>{@code
 * static PostgresCluster cluster;
 * @BeforeAll static void start() { cluster = PostgresCluster.start(); }
 * @AfterAll static void stop() { if (cluster != null) cluster.close(); }
 * ... cluster.createDatabase("test_1") ... // a JDBC URL; user PostgresCluster.SUPERUSER, no password
 * }</pre>
 */
public final class PostgresCluster implements AutoCloseable {
    /** The cluster's superuser; authentication is {@code trust}, so there is no password. */
    public static final String SUPERUSER = "reel";
    /** Who runs the server when the tests run as root. */
    public static final String SERVER_USER = "postgres";
    /** The system property naming the folder of the binaries; {@value #BIN_ENV} is its environment form. */
    public static final String BIN_PROPERTY = "reel.pg.bin";
    public static final String BIN_ENV = "REEL_PG_BIN";

    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");
    private static final List<String> BINARIES = List.of("initdb", "pg_ctl", "postgres", "createdb");
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final String HOW_TO_INSTALL = "apt-get install postgresql, or set -D" + BIN_PROPERTY + " or "
            + BIN_ENV + " to the folder of initdb and pg_ctl";
    // A database name that needs no quoting in SQL nor escaping in a URL.
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    // initdb writes and syncs ~40 MB; pg_ctl's own waits are told the same bound, this catches a pg_ctl that hangs.
    private static final long COMMAND_TIMEOUT_SECONDS = 120;
    private static final int START_ATTEMPTS = 3;
    private static final AtomicBoolean SKIP_ANNOUNCED = new AtomicBoolean();

    private final Path bin;
    private final Path folder;
    private final Optional<String> runAs;
    private final AtomicBoolean closed = new AtomicBoolean();
    // A test JVM that ends without @AfterAll (a surefire timeout) must not leave a server behind.
    private final Thread shutdownHook = new Thread(this::stopAndDelete, "postgres-cluster-stop");
    private int port;

    private PostgresCluster(Path bin, Path folder, Optional<String> runAs) {
        this.bin = bin;
        this.folder = folder;
        this.runAs = runAs;
    }

    /** Whether a cluster can start here: the binaries, and when running as root, a user to run them as. */
    public static boolean isAvailable() {
        return missing().isEmpty();
    }

    /** What is missing for a cluster to start, in words; empty when nothing is. */
    public static Optional<String> missing() {
        Optional<Path> bin = binaries();
        if (bin.isEmpty()) {
            return Optional.of("PostgreSQL not found: no " + BIN_PROPERTY + ", no " + BIN_ENV + ", no "
                    + DEBIAN_VERSIONS + "/<version>/bin");
        }
        List<String> absent = BINARIES.stream().filter(name -> !Files.isExecutable(bin.get().resolve(name))).toList();
        if (!absent.isEmpty()) {
            return Optional.of("PostgreSQL binaries " + String.join(", ", absent) + " not found in " + bin.get());
        }
        if (isRoot()) {
            if (!Files.isExecutable(SETPRIV)) {
                return Optional.of("running as root, PostgreSQL needs " + SETPRIV + " (util-linux) to run as "
                        + SERVER_USER);
            }
            if (serverUser().isEmpty()) {
                return Optional.of("running as root, PostgreSQL needs the user " + SERVER_USER + " to run as");
            }
        }
        return Optional.empty();
    }

    /**
     * Skips the calling test when PostgreSQL cannot run here, printing the reason once per JVM; fails it instead
     * when {@code CI=true}, so that CI cannot go green without having run the PostgreSQL tests.
     */
    public static void assumeAvailable() {
        Optional<String> missing = missing();
        if (missing.isEmpty()) {
            return;
        }
        String reason = missing.get() + " (" + HOW_TO_INSTALL + ")";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(reason + "; CI=true, so this is a failure, not a skip");
        }
        String line = reason + "; skipping";
        if (SKIP_ANNOUNCED.compareAndSet(false, true)) {
            System.err.println(line);
        }
        Assumptions.abort(line);
    }

    /**
     * Creates and starts a cluster, waiting until it accepts connections; skips (or under CI fails) the calling
     * test when PostgreSQL cannot run here (see {@link #assumeAvailable}).
     *
     * @throws IllegalStateException when PostgreSQL is there but the cluster does not start, with the server's log
     */
    public static PostgresCluster start() {
        assumeAvailable();
        Optional<String> runAs = isRoot() ? Optional.of(SERVER_USER) : Optional.empty();
        Path folder;
        try {
            folder = Files.createTempDirectory("reel-postgres");
            if (runAs.isPresent()) {
                Files.setOwner(folder, serverUser().orElseThrow());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the PostgreSQL cluster's folder", e);
        }
        PostgresCluster cluster = new PostgresCluster(binaries().orElseThrow(), folder, runAs);
        try {
            cluster.initdb();
            cluster.startServer();
        } catch (RuntimeException e) {
            try {
                cluster.stopAndDelete();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        return cluster;
    }

    /** The port the server listens on, on {@code 127.0.0.1}. */
    public int port() {
        return port;
    }

    /** The JDBC URL of a database of this cluster; {@code postgres} always exists. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + checkName(database);
    }

    /**
     * Creates an empty database, owned by {@link #SUPERUSER}, and returns its JDBC URL.
     *
     * @param name lower-case letters, digits and '_', not starting with a digit
     */
    public String createDatabase(String name) {
        run(false, "createdb", "--host=127.0.0.1", "--port=" + port,
                "--username=" + SUPERUSER, "--no-password", checkName(name));
        return jdbcUrl(name);
    }

    /** Stops the server (bounded: fast shutdown, then immediate) and deletes its folder. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or has run this very close
        }
        stopAndDelete();
    }

    private void initdb() {
        run(true, "initdb", "--pgdata=" + dataDir(), "--username=" + SUPERUSER,
                "--auth=trust", "--encoding=UTF8", "--locale=C");
        // Only loopback TCP, and the socket in our folder rather than /var/run/postgresql (which a non-root
        // user cannot write, and where it would sit beside the machine's own server).
        String settings = "\n# dev.reel.testing.PostgresCluster\n"
                + "listen_addresses = '127.0.0.1'\n"
                + "unix_socket_directories = '" + folder.toString().replace("'", "''") + "'\n"
                + "fsync = on\n";
        try {
            Files.writeString(dataDir().resolve("postgresql.conf"), settings, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure the PostgreSQL cluster in " + folder, e);
        }
    }

    private void startServer() {
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            try {
                run(true, "pg_ctl", "start", "--pgdata=" + dataDir(), "--log=" + serverLog(), "--wait",
                        "--timeout=" + (COMMAND_TIMEOUT_SECONDS - 10), "--options=-p " + port);
                return;
            } catch (IllegalStateException e) {
                String log = tail(serverLog());
                // another process may have taken the port between freePort() and the server's bind
                if (attempt == START_ATTEMPTS || !log.contains("Address already in use")) {
                    throw new IllegalStateException(e.getMessage() + "; server log:\n" + log, e);
                }
            }
        }
    }

    private void stopAndDelete() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            // the server writes this file when it starts and removes it when it has stopped
            if (Files.exists(dataDir().resolve("postmaster.pid"))) {
                try {
                    stop("fast");
                } catch (IllegalStateException e) {
                    stop("immediate");
                }
            }
        } finally {
            deleteFolder(folder);
        }
    }

    private void stop(String mode) {
        run(true, "pg_ctl", "stop", "--pgdata=" + dataDir(), "--mode=" + mode, "--wait", "--timeout=30");
    }

    /**
     * Runs one of the binaries to its end, bounded, as the server's user when {@code asServer} and running as root.
     *
     * @throws IllegalStateException when it fails or times out, with the end of its output
     */
    private synchronized void run(boolean asServer, String program, String... arguments) {
        List<String> line = new ArrayList<>();
        if (asServer && runAs.isPresent()) {
            line.addAll(List.of(SETPRIV.toString(), "--reuid=" + runAs.get(), "--regid=" + runAs.get(),
                    "--init-groups", "--"));
        }
        line.add(bin.resolve(program).toString());
        line.addAll(List.of(arguments));
        String command = String.join(" ", line);
        // A file, not a pipe: nothing has to drain it while we wait.
        Path output = folder.resolve(program + ".out");
        try {
            // The folder is the working directory: PostgreSQL's tools fail in one they cannot read, as the
            // test's own may be to the server's user.
            Process process = new ProcessBuilder(line)
                    .directory(folder.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s: "
                        + tail(output));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (exit " + process.exitValue() + "): "
                        + tail(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private Path dataDir() {
        return folder.resolve("data");
    }

    private Path serverLog() {
        return folder.resolve("server.log");
    }

    private static Optional<Path> binaries() {
        String configured = System.getProperty(BIN_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(BIN_ENV);
        }
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        if (!Files.isDirectory(DEBIAN_VERSIONS)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_VERSIONS)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingDouble(b -> Double.parseDouble(b.getParent().getFileName().toString())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + DEBIAN_VERSIONS, e);
        }
    }

    private static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }

    private static Optional<UserPrincipal> serverUser() {
        try {
            return Optional.of(FileSystems.getDefault().getUserPrincipalLookupService()
                    .lookupPrincipalByName(SERVER_USER));
        } catch (UserPrincipalNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look up the user " + SERVER_USER, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on loopback", e);
        }
    }

    private static String checkName(String database) {
        requireNonNull(database, "database is null");
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("a test database's name is lower-case letters, digits and '_', "
                    + "not starting with a digit, at most 63 characters; got '" + database + "'");
        }
        return database;
    }

    /** The last lines of a command's output or the server's log, for a failure's message. */
    private static String tail(Path file) {
        if (!Files.exists(file)) {
            return "(none)";
        }
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())).strip();
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static void deleteFolder(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the PostgreSQL cluster's folder " + folder, e);
        }
    }
}
