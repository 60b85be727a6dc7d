package dev.reel.catalog.internal;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.reel.catalog.CatalogException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.LoggerFactory;

/**
 * The JDBC database behind {@link JdbcMetadataStore}: a connection pool over the location's data source, with
 * the schema migrated by Flyway when it opens, and the one way work runs on it: a transaction, committed
 * before the call returns or rolled back whole.
 */
final class MetadataDatabase implements AutoCloseable {
    /** Work inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final MetadataStoreLocation location;
    private final HikariDataSource pool;

    private MetadataDatabase(MetadataStoreLocation location, HikariDataSource pool) {
        this.location = location;
        this.pool = pool;
    }

    /**
     * Opens the database and brings its schema up to date.
     *
     * @throws CatalogException ({@code INTERNAL}) when it cannot be reached, opened or migrated
     */
    static MetadataDatabase open(MetadataStoreLocation location) {
        requireNonNull(location, "location is null");
        HikariConfig config = new HikariConfig();
        config.setDataSource(location.dataSource());
        config.setPoolName("reel-catalog");
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setMaximumPoolSize(location.isH2() ? 4 : 8);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new CatalogException(CatalogException.Kind.INTERNAL, "cannot open the catalog's metadata store at "
                    + location + ": " + rootMessage(e), e);
        }
        try {
            migrate(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw new CatalogException(CatalogException.Kind.INTERNAL, "cannot bring the catalog's metadata store at "
                    + location + " up to date: " + rootMessage(e), e);
        }
        return new MetadataDatabase(location, pool);
    }

    private static void migrate(DataSource dataSource) {
        if (upToDate(dataSource)) {
            return;
        }
        // Flyway's own class loader finds its database plugins (ServiceLoader); the migrations come from the
        // list, and no location is scanned for SQL or Java migrations.
        Flyway.configure(Flyway.class.getClassLoader())
                .dataSource(dataSource)
                .resourceProvider(new CatalogMigrations())
                .javaMigrationClassProvider(List::<Class<? extends JavaMigration>>of)
                .skipDefaultCallbacks(true)
                .load()
                .migrate();
    }

    /**
     * Whether Flyway's history already records every migration as applied: then starting Flyway (a third of a
     * second, most of the catalog's start) is skipped. A store with a migration pending, or without a history,
     * goes through Flyway, which validates and applies.
     */
    static boolean upToDate(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL");
                ResultSet rows = select.executeQuery()) {
            java.util.Set<String> applied = new java.util.HashSet<>();
            while (rows.next()) {
                applied.add(rows.getString(1));
            }
            connection.rollback();
            return applied.equals(CatalogMigrations.versions());
        } catch (SQLException e) {
            return false; // no history yet (a new store), or not readable: Flyway decides
        }
    }

    MetadataStoreLocation location() {
        return location;
    }

    /**
     * Runs {@code work} in a read-committed transaction and commits it. A writer takes the row lock of the entry it
     * changes first, so writers of one dataset queue and never deadlock.
     *
     * @param operation what the work does, for the error that names it ("register layers")
     */
    <T> T write(String operation, Work<T> work) {
        return transaction(operation, false, work);
    }

    /** Runs {@code work} on one snapshot: reads of several statements agree with each other. */
    <T> T read(String operation, Work<T> work) {
        return transaction(operation, true, work);
    }

    private <T> T transaction(String operation, boolean snapshot, Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            if (snapshot) {
                // the pool puts its default (read committed) back when the connection returns
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            try {
                T result = work.run(connection);
                connection.commit();
                if (!snapshot && location.isH2()) {
                    forceToDisk(connection);
                }
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            // the SQL, and the values a driver quotes in its messages, stay in the cause, out of the message
            throw new CatalogException(CatalogException.Kind.INTERNAL,
                    "the catalog's metadata store failed to " + operation + " (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /**
     * Makes a committed write durable before it is acknowledged. H2's commit with {@code WRITE_DELAY=0} leaves the
     * data where a {@code kill -9} can still lose it when another thread is writing the store at the same moment,
     * or the database is never closed (h2database#1259; CatalogCrashIT caught it once in about 90 kills), and
     * never fsyncs; {@code CHECKPOINT SYNC} writes the store and forces it to the device, as PostgreSQL's commit
     * does. One fsync per write transaction.
     */
    private static void forceToDisk(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT SYNC");
        }
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** True when {@code e}, or a batch failure it chains, is a unique-key violation (SQL state 23505 on both). */
    static boolean isUniqueViolation(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if ("23505".equals(next.getSQLState())
                    || next.getCause() instanceof SQLException cause && "23505".equals(cause.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    @Override
    public void close() {
        if (pool.isClosed()) {
            return;
        }
        if (location.isH2()) {
            compact();
        }
        pool.close();
    }

    /**
     * Closes the embedded database compacted: it only appends while open (see {@link MetadataStoreLocation}), about
     * 18 KB per write, and {@code SHUTDOWN COMPACT} rewrites it to its live data (55 MB to 56 KB after 3,000 small
     * writes, measured). A database never closed (a killed server) is compacted at its next clean close.
     */
    private void compact() {
        boolean compacted = false;
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN COMPACT");
            compacted = true;
        } catch (SQLException e) {
            // once SHUTDOWN has run, giving the connection back fails with "Database is already closed"
            if (!compacted) {
                LoggerFactory.getLogger(MetadataDatabase.class).warn("the catalog's database was not compacted: {}",
                        e.getMessage());
            }
        }
    }
}
