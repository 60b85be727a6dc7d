package dev.reel.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.api.resource.LoadableResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCatalogMigrations {
    @Test
    void theListNamesEveryMigrationFileInItsFolder() throws Exception {
        try (var files = Files.list(folder())) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted())
                    .containsExactlyElementsOf(CatalogMigrations.MIGRATIONS.stream().sorted().toList());
        }
    }

    @Test
    void flywayGetsTheVersionedSqlMigrationsByPrefixAndSuffix() throws Exception {
        CatalogMigrations migrations = new CatalogMigrations();
        List<LoadableResource> versioned = List.copyOf(migrations.getResources("V", new String[] {".sql"}));
        assertThat(versioned).extracting(LoadableResource::getFilename).containsExactly("V1__catalog.sql");
        assertThat(migrations.getResources("R", new String[] {".sql"})).isEmpty();
        assertThat(migrations.getResources("V", new String[] {".java"})).isEmpty();
        assertThat(migrations.getResource("V1__catalog.sql")).isNotNull();
        assertThat(migrations.getResource("beforeMigrate.sql")).isNull();
        try (BufferedReader reader = new BufferedReader(versioned.get(0).read())) {
            assertThat(reader.lines()).anyMatch(line -> line.startsWith("CREATE TABLE entries"));
        }
    }

    @Test
    void aStoreWhoseHistoryHasEveryMigrationSkipsFlywayAndANewOneDoesNot(@TempDir Path data) throws Exception {
        MetadataStoreLocation location = MetadataStoreLocation.h2(data);
        assertThat(MetadataDatabase.upToDate(location.dataSource())).as("a new store").isFalse();
        MetadataDatabase.open(location).close();
        assertThat(MetadataDatabase.upToDate(location.dataSource())).as("once migrated").isTrue();
        try (var connection = location.dataSource().getConnection(); var statement = connection.createStatement()) {
            statement.execute("DELETE FROM \"flyway_schema_history\"");
        }
        assertThat(MetadataDatabase.upToDate(location.dataSource())).as("a migration not in the history").isFalse();
    }

    @Test
    void versionsAreWhatFlywayRecords() {
        assertThat(CatalogMigrations.versions()).containsExactly("1");
    }

    private static Path folder() throws URISyntaxException {
        return Path.of(CatalogMigrations.class.getClassLoader().getResource(CatalogMigrations.FOLDER).toURI());
    }
}
