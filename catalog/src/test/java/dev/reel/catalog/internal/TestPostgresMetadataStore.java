package dev.reel.catalog.internal;

import static dev.reel.catalog.internal.MetadataRecords.T0;
import static dev.reel.catalog.internal.MetadataRecords.dataset;
import static dev.reel.catalog.internal.MetadataRecords.frames;
import static dev.reel.catalog.internal.MetadataRecords.id;
import static dev.reel.catalog.internal.MetadataRecords.layer;
import static dev.reel.catalog.internal.MetadataRecords.temporalChunk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.catalog.Entry;
import dev.reel.catalog.internal.CatalogRecords.ChunkSelection;
import dev.reel.testing.PostgresCluster;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metadata store contract on a real PostgreSQL server (a throw-away cluster for the class, a fresh database
 * per test), plus what only a shared server has: several nodes on one catalog.
 */
class TestPostgresMetadataStore extends MetadataStoreContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresCluster cluster;

    private String url;

    @BeforeAll
    static void startCluster() {
        cluster = PostgresCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected MetadataStore openStore() {
        return node();
    }

    /** Another node of the catalog: its own store (and pool) on the test's database. */
    private JdbcMetadataStore node() {
        return JdbcMetadataStore.open(MetadataStoreLocation.postgres(database(), PostgresCluster.SUPERUSER, ""));
    }

    /** The test's database, created at the first open rather than before each test: the contract opens first. */
    private String database() {
        if (url == null) {
            url = cluster.createDatabase("catalog_" + DATABASES.incrementAndGet());
        }
        return url;
    }

    @Test
    void nodesStartingTogetherOnAnEmptyDatabaseAllOpenIt() throws Exception {
        // Flyway's lock makes all but one wait for the migration, then find the schema up to date
        database();
        List<JdbcMetadataStore> nodes = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Object>> opened = threads.invokeAll(Collections.nCopies(4, () -> nodes.add(node())));
            for (Future<Object> open : opened) {
                open.get();
            }
        } finally {
            threads.shutdownNow();
            nodes.forEach(JdbcMetadataStore::close);
        }
        assertThat(store().entries()).isEmpty();
    }

    @Test
    void whatOneNodeCommitsTheOtherReads() throws Exception {
        Entry dataset = dataset("shared");
        try (JdbcMetadataStore other = node()) {
            store().createEntries(List.of(dataset));
            assertThat(other.entry(dataset.id())).contains(dataset);
            other.putLayers(dataset.id(), List.of(layer(dataset.id(), id("s", "base"), T0,
                    List.of(temporalChunk("/cam", 16, frames(0, 9))))), T0);
            assertThat(store().chunks(dataset.id(), ChunkSelection.all())).hasSize(1);
        }
    }
}
