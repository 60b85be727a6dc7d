package dev.reel.benchmarks;

import dev.reel.api.EntryId;
import dev.reel.catalog.CatalogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The segment table (Rerun's A.5: one row per segment, with its layers, storage URLs, sizes, time ranges and Reel's
 * {@code reel_storage_status}) of a dataset of 10,000 segments, built by the catalog into Arrow, next to the least
 * work that answers it, measured in the same run: {@link #segmentRowsJdbc} reads the same metadata rows (every
 * layer row of the dataset and its timeline rows) from the same database with plain JDBC, and
 * {@link #statFiles} looks up the size and modification time of the 10,000 registered files once each, which the
 * storage status needs. {@link #segmentRowsJdbcSnapshot} reads the same rows in one REPEATABLE READ transaction, as
 * the catalog runs its reads: the difference to {@link #segmentRowsJdbc} is what that isolation costs.
 *
 * <p>The catalog and the JDBC reads run against both metadata databases ({@code database}): the embedded H2
 * database file ({@code h2}) and a PostgreSQL server on the same machine ({@code postgresql}, a throw-away cluster
 * started for the trial, see {@link CatalogFixture}), each trial registering its own dataset.
 *
 * <p>The catalog is closed after registering and opened again by the first measured call, so that the catalog and
 * the JDBC limits read the database in the same state (as after a restart; a PostgreSQL server keeps its caches).
 */
public class CatalogSegmentTableBenchmark extends CatalogBenchmarkDefaults {
    static final int SEGMENTS = CatalogFixture.RECORDINGS;

    /** A catalog with one dataset of {@link #SEGMENTS} segments, registered in the trial's setup. */
    @State(Scope.Benchmark)
    public static class Segments {
        /** Where the catalog keeps its metadata: {@code h2} (embedded) or {@code postgresql} (a local server). */
        @Param({CatalogFixture.H2, CatalogFixture.POSTGRESQL})
        public String database;

        CatalogFixture fixture;
        EntryId dataset;

        @Setup(Level.Trial)
        public void register() throws IOException {
            fixture = CatalogFixture.create("catalog-segments", database);
            dataset = fixture.datasetOf(CatalogFixture.DATASET, SEGMENTS);
            fixture.closeCatalog();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            fixture.close();
        }
    }

    @Benchmark
    public int segmentTable(Segments segments) {
        try (VectorSchemaRoot table = segments.fixture.open().segmentTable(segments.dataset,
                segments.fixture.allocator)) {
            if (table.getRowCount() != SEGMENTS) {
                throw new IllegalStateException(table.getRowCount() + " segments, not " + SEGMENTS);
            }
            return table.getRowCount();
        }
    }

    /**
     * The catalog's database (the catalog closed: H2's file, or the PostgreSQL database), opened with plain JDBC
     * twice: one connection in autocommit, one that reads in REPEATABLE READ transactions as the catalog does.
     */
    @State(Scope.Benchmark)
    public static class Database {
        Connection plain;
        Connection snapshot;
        String dataset;

        @Setup(Level.Trial)
        public void connect(Segments segments) throws SQLException {
            dataset = segments.dataset.toString();
            javax.sql.DataSource source;
            if (segments.fixture.database.isPresent()) {
                CatalogConfig.Database server = segments.fixture.database.get();
                PGSimpleDataSource postgres = new PGSimpleDataSource();
                postgres.setURL(server.jdbcUrl());
                postgres.setUser(server.user());
                source = postgres;
            } else {
                JdbcDataSource h2 = new JdbcDataSource();
                // the catalog keeps its embedded database in catalog/metadata.mv.db under its data folder
                h2.setURL("jdbc:h2:file:" + segments.fixture.dataDir.resolve("catalog/metadata").toAbsolutePath());
                h2.setUser("reel");
                source = h2;
            }
            plain = source.getConnection();
            plain.setReadOnly(true);
            snapshot = source.getConnection();
            snapshot.setAutoCommit(false);
            snapshot.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            plain.close();
            snapshot.close();
        }
    }

    /** Limit: the dataset's layer rows and their timeline rows, every column read, in autocommit. */
    @Benchmark
    public int segmentRowsJdbc(Database database, Blackhole blackhole) throws SQLException {
        return readRows(database.plain, database.dataset, blackhole);
    }

    /** The same rows in one REPEATABLE READ transaction, committed, as the catalog's reads run. */
    @Benchmark
    public int segmentRowsJdbcSnapshot(Database database, Blackhole blackhole) throws SQLException {
        int layers = readRows(database.snapshot, database.dataset, blackhole);
        database.snapshot.commit();
        return layers;
    }

    private static int readRows(Connection connection, String dataset, Blackhole blackhole) throws SQLException {
        int layers = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT segment_id, layer_name, "
                + "layer_key, storage_url, file_path, file_size, file_modified, file_sha256, num_chunks, size_bytes, "
                + "schema_sha256, column_set, registered_at, updated_at FROM layers WHERE dataset_id = ?")) {
            select.setString(1, dataset);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    blackhole.consume(rows.getString(1));
                    blackhole.consume(rows.getString(2));
                    blackhole.consume(rows.getLong(3));
                    blackhole.consume(rows.getString(4));
                    blackhole.consume(rows.getString(5));
                    blackhole.consume(rows.getLong(6));
                    blackhole.consume(rows.getLong(7));
                    blackhole.consume(rows.getString(8));
                    blackhole.consume(rows.getLong(9));
                    blackhole.consume(rows.getLong(10));
                    blackhole.consume(rows.getBytes(11));
                    blackhole.consume(rows.getBytes(12));
                    blackhole.consume(rows.getLong(13));
                    blackhole.consume(rows.getLong(14));
                    layers++;
                }
            }
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT t.layer_key, t.timeline, "
                + "t.time_type, t.min_time, t.max_time FROM layer_timelines t JOIN layers l ON l.layer_key = "
                + "t.layer_key WHERE l.dataset_id = ?")) {
            select.setString(1, dataset);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    blackhole.consume(rows.getLong(1));
                    blackhole.consume(rows.getString(2));
                    blackhole.consume(rows.getString(3));
                    blackhole.consume(rows.getLong(4));
                    blackhole.consume(rows.getLong(5));
                }
            }
        }
        if (layers != SEGMENTS) {
            throw new IllegalStateException(layers + " layers, not " + SEGMENTS);
        }
        return layers;
    }

    /** The registered files. */
    @State(Scope.Benchmark)
    public static class Files10k {
        List<Path> files;

        @Setup(Level.Trial)
        public void find() throws IOException {
            files = SmallRecordings.files(SmallRecordings.ensure(CatalogFixture.RECORDINGS), SEGMENTS);
        }
    }

    /** Limit: one look-up of size and modification time per registered file. */
    @Benchmark
    public long statFiles(Files10k files, Blackhole blackhole) throws IOException {
        long bytes = 0;
        for (Path file : files.files) {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            bytes += attributes.size();
            blackhole.consume(attributes.lastModifiedTime());
        }
        return bytes;
    }
}
