package dev.reel.catalog.internal;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where the catalog keeps its metadata: an embedded H2 database in a folder (one node, the default) or a
 * PostgreSQL server (several nodes sharing one catalog).
 *
 * @param url the JDBC URL, {@code jdbc:h2:file:...} or {@code jdbc:postgresql:...}
 * @param user the database user; empty for the URL's own
 * @param password the user's password; empty for none or the URL's own
 */
record MetadataStoreLocation(String url, String user, String password) {
    /** The database's file name in its folder; H2 adds {@code .mv.db}. */
    static final String H2_DATABASE = "metadata";

    /*
     * WRITE_DELAY=0: H2 2.x keeps committed changes in memory and writes them up to WRITE_DELAY ms later by
     * default (500); at 0 the commit itself writes them to the file before it returns (TransactionStore
     * endTransaction -> MVStore.commit, in the committing thread), so a kill -9 after a commit returned loses
     * nothing. DB_CLOSE_ON_EXIT=FALSE: the bundle closes the database when it stops, not a JVM shutdown hook
     * racing the framework's shutdown. LOCK_TIMEOUT: writers of one dataset queue behind a long registration
     * rather than fail after H2's 2 s. REUSE_SPACE=FALSE: new chunks are only ever appended, never written over
     * space freed earlier: with space reuse, CatalogCrashIT lost a registration committed (and CHECKPOINT SYNCed)
     * a second before a kill -9 in 3 of 4 runs of 50 kills; appending only, none in the runs since. The file then
     * grows with every write until the catalog closes it compacted ({@code MetadataDatabase.close}).
     */
    private static final String H2_SETTINGS = ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=60000;REUSE_SPACE=FALSE";

    MetadataStoreLocation {
        requireNonNull(url, "url is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the catalog database URL must start with jdbc:postgresql: (or "
                    + "jdbc:h2: for the embedded database), got '" + url + "'");
        }
    }

    /** The embedded database in {@code folder}, which is created if missing. */
    static MetadataStoreLocation h2(Path folder) {
        String path = folder.toAbsolutePath().normalize().resolve(H2_DATABASE).toString();
        if (path.contains(";")) {
            // H2 reads ';' in its URL as the start of a setting: such a path would open another database.
            throw new IllegalArgumentException("the catalog folder " + folder + " has a ';' in its path, which "
                    + "the embedded database cannot use");
        }
        return new MetadataStoreLocation("jdbc:h2:file:" + path + H2_SETTINGS, "reel", "");
    }

    static MetadataStoreLocation postgres(String url, String user, String password) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("a PostgreSQL catalog URL starts with jdbc:postgresql:, got '"
                    + url + "'");
        }
        return new MetadataStoreLocation(url, user, password);
    }

    boolean isH2() {
        return url.startsWith("jdbc:h2:");
    }

    /** A data source of the driver's own class: DriverManager does not see drivers across OSGi class loaders. */
    DataSource dataSource() {
        if (isH2()) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser(user);
            h2.setPassword(password);
            return h2;
        }
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url);
        // empty means not given: the URL's own user and password parameters, if any, stay in force
        if (!user.isEmpty()) {
            postgres.setUser(user);
        }
        if (!password.isEmpty()) {
            postgres.setPassword(password);
        }
        // a batch of inserts becomes multi-row INSERTs: one round trip per few hundred rows, not per row
        postgres.setReWriteBatchedInserts(true);
        return postgres;
    }

    /** The URL and user, never the password. */
    @Override
    public String toString() {
        return url + " (user " + user + ")";
    }
}
