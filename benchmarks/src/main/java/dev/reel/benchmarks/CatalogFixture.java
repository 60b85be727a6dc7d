package dev.reel.benchmarks;

import dev.reel.api.EntryId;
import dev.reel.api.EntryName;
import dev.reel.api.LayerName;
import dev.reel.catalog.Catalog;
import dev.reel.catalog.CatalogConfig;
import dev.reel.catalog.DataSource;
import dev.reel.catalog.OnDuplicate;
import dev.reel.catalog.Registration;
import dev.reel.catalog.local.Catalogs;
import dev.reel.testing.PostgresCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A catalog for one trial: its data folder ({@code data/}, the embedded H2 database) in a new temporary folder on
 * the local disk, registering from the cached {@link SmallRecordings} folder, the catalog's only allowed root.
 * Closing closes the catalog and deletes the temporary folder (the recordings stay cached).
 *
 * <p>With {@value #POSTGRESQL} as its database, the fixture keeps its metadata in a PostgreSQL server instead: it
 * starts its own throw-away cluster ({@link PostgresCluster}: initdb into a temporary folder, loopback TCP,
 * {@code fsync} on, the machine's PostgreSQL binaries) and creates a fresh database in it; closing stops the server
 * and deletes its folder. The data folder stays on the local disk as with H2. The cluster runs on the same machine
 * as the benchmark, so its CPU time competes with the benchmark's as an embedded database's would.
 *
 * <p>Run as a main ({@code DATA_DIR SEGMENTS}), it fills a catalog's data folder with a dataset {@value #DATASET}
 * of that many segments and exits: the cold-start benchmark builds its catalog in another JVM that way, so that
 * its own JVM has never loaded the catalog's classes when it opens it.
 */
final class CatalogFixture implements AutoCloseable {
    /** Recordings written (and cached) for every catalog benchmark. */
    static final int RECORDINGS = 10_000;
    /** The dataset {@link #main} fills. */
    static final String DATASET = "segments";
    /** Files per registration request when a fixture fills a dataset (prefix sources of whole folders). */
    private static final int FILL_REQUEST_FILES = 1_000;
    /** The values of a benchmark's {@code database} parameter: the embedded database, or a PostgreSQL server. */
    static final String H2 = "h2";
    static final String POSTGRESQL = "postgresql";

    final Path temp;
    final Path recordings;
    final Path dataDir;
    final List<Path> files;
    final BufferAllocator allocator = new RootAllocator();
    /** The PostgreSQL server holding the metadata, this fixture's own; empty for the embedded database. */
    private final PostgresCluster cluster;
    /** The catalog's database on {@link #cluster}; empty for the embedded database. */
    final Optional<CatalogConfig.Database> database;
    private Catalog catalog;

    private CatalogFixture(Path temp, Path recordings, Path dataDir) {
        this(temp, recordings, dataDir, null, Optional.empty());
    }

    private CatalogFixture(Path temp, Path recordings, Path dataDir, PostgresCluster cluster,
            Optional<CatalogConfig.Database> database) {
        this.temp = temp;
        this.recordings = recordings;
        this.dataDir = dataDir;
        this.files = SmallRecordings.files(recordings, RECORDINGS);
        this.cluster = cluster;
        this.database = database;
    }

    /** A fixture in a new temporary folder, on the embedded database; the catalog is not open yet. */
    static CatalogFixture create(String name) throws IOException {
        return create(name, H2);
    }

    /**
     * A fixture in a new temporary folder, its metadata in {@code database} ({@value #H2} or {@value #POSTGRESQL}:
     * then in a new database of a PostgreSQL cluster started for this fixture); the catalog is not open yet.
     *
     * @throws IllegalStateException for {@value #POSTGRESQL} when PostgreSQL cannot run here, saying what is missing
     */
    static CatalogFixture create(String name, String database) throws IOException {
        Path recordings = SmallRecordings.ensure(RECORDINGS);
        switch (database) {
            case H2 -> {
                Path temp = Files.createTempDirectory("reel-benchmark-" + name);
                return new CatalogFixture(temp, recordings, temp.resolve("data"));
            }
            case POSTGRESQL -> {
                // PostgresCluster.start would skip a JUnit test; a benchmark fails, with the same reason
                PostgresCluster.missing().ifPresent(missing -> {
                    throw new IllegalStateException(missing + " (apt-get install postgresql, or set -D"
                            + PostgresCluster.BIN_PROPERTY + " or " + PostgresCluster.BIN_ENV + ")");
                });
                PostgresCluster cluster = PostgresCluster.start();
                try {
                    String url = cluster.createDatabase(name.replaceAll("[^a-z0-9_]", "_"));
                    Path temp = Files.createTempDirectory("reel-benchmark-" + name);
                    System.out.println("PostgreSQL cluster on port " + cluster.port() + ": " + url);
                    return new CatalogFixture(temp, recordings, temp.resolve("data"), cluster,
                            Optional.of(new CatalogConfig.Database(url, PostgresCluster.SUPERUSER, "")));
                } catch (IOException | RuntimeException e) {
                    cluster.close();
                    throw e;
                }
            }
            default -> throw new IllegalArgumentException("no catalog database '" + database + "': " + H2 + " or "
                    + POSTGRESQL);
        }
    }

    public static void main(String[] args) throws IOException {
        Path dataDir = Path.of(args[0]);
        int segments = Integer.parseInt(args[1]);
        try (CatalogFixture fixture = new CatalogFixture(null, SmallRecordings.ensure(RECORDINGS), dataDir)) {
            fixture.datasetOf(DATASET, segments);
        }
    }

    /** How the benchmarks open a catalog on {@code dataDir}, with the recordings as the allowed root. */
    static CatalogConfig config(Path dataDir, Path recordings) {
        return CatalogConfig.embedded(dataDir).withAllowedRoots(List.of(recordings));
    }

    /** Opens the catalog (once), on this fixture's database. */
    Catalog open() {
        if (catalog == null) {
            CatalogConfig config = config(dataDir, recordings);
            catalog = Catalogs.open(database.map(config::withDatabase).orElse(config), allocator);
        }
        return catalog;
    }

    /** Closes the catalog, so that the next {@link #open} starts it again from its files. */
    void closeCatalog() {
        if (catalog != null) {
            catalog.close();
            catalog = null;
        }
    }

    /** A new dataset of the first {@code count} recordings (whole folders), registered as prefix sources. */
    EntryId datasetOf(String name, int count) {
        if (count % SmallRecordings.PER_FOLDER != 0 || count > files.size()) {
            throw new IllegalArgumentException(count + " recordings: whole folders of the " + files.size()
                    + " written, please");
        }
        EntryId dataset = open().createDataset(EntryName.of(name)).id();
        long start = System.nanoTime();
        for (int first = 0; first < count; first += FILL_REQUEST_FILES) {
            List<DataSource> sources = new ArrayList<>();
            for (int file = first; file < Math.min(count, first + FILL_REQUEST_FILES);
                    file += SmallRecordings.PER_FOLDER) {
                sources.add(prefix(file / SmallRecordings.PER_FOLDER));
            }
            registered(open().register(dataset, sources, OnDuplicate.ERROR, null),
                    Math.min(FILL_REQUEST_FILES, count - first));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "registered %,d recordings into '%s' in %.1f s (%.0f files/s, requests of "
                + "%,d files)%n", count, name, seconds, count / seconds, FILL_REQUEST_FILES);
        return dataset;
    }

    /** Every recording of one folder, as one prefix source. */
    DataSource prefix(int folder) {
        return new DataSource(SmallRecordings.folder(recordings, folder).toString(), LayerName.BASE, true, false);
    }

    /** The rows of a registration, checked: {@code files} segments registered, none failed. */
    static List<Registration> registered(List<Registration> rows, int files) {
        long done = rows.stream().filter(r -> r.status() == Registration.Status.REGISTERED).count();
        if (done != files || rows.size() != files) {
            throw new IllegalStateException("registered " + done + " of " + files + " files: "
                    + rows.stream().filter(Registration::failed).findFirst().flatMap(Registration::error).orElse(""));
        }
        return rows;
    }

    @Override
    public void close() throws IOException {
        try {
            closeCatalog();
            allocator.close();
        } finally {
            try {
                if (cluster != null) {
                    cluster.close();
                }
            } finally {
                if (temp != null) {
                    Folders.delete(temp);
                }
            }
        }
    }
}
