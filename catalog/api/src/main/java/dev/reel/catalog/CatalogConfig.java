package dev.reel.catalog;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a catalog is opened.
 *
 * @param dataDir the data folder: the embedded database ({@code catalog/}), copied and uploaded recordings
 *     ({@code catalog/files/}) and Arrow tables ({@code catalog/tables/})
 * @param allowedRoots the only folders registration reads from ({@code --allowed-roots}); never empty
 * @param database a PostgreSQL server shared by several nodes; empty for the embedded H2 database
 */
public record CatalogConfig(Path dataDir, List<Path> allowedRoots, Optional<Database> database) {
    /**
     * A database server.
     *
     * @param jdbcUrl {@code jdbc:postgresql://HOST:PORT/DB}
     * @param user empty for the URL's own
     * @param password empty for none
     */
    public record Database(String jdbcUrl, String user, String password) {
        public Database {
            requireNonNull(jdbcUrl, "jdbcUrl is null");
            requireNonNull(user, "user is null");
            requireNonNull(password, "password is null");
        }

        @Override
        public String toString() {
            return "Database[" + jdbcUrl + ", user=" + user + "]";
        }
    }

    public CatalogConfig {
        requireNonNull(dataDir, "dataDir is null");
        allowedRoots = List.copyOf(allowedRoots);
        requireNonNull(database, "database is null");
        if (allowedRoots.isEmpty()) {
            throw new IllegalArgumentException("a catalog needs at least one allowed root");
        }
    }

    /** One node: the embedded database in the data folder, which is also the only allowed root. */
    public static CatalogConfig embedded(Path dataDir) {
        return new CatalogConfig(dataDir, List.of(dataDir), Optional.empty());
    }

    public CatalogConfig withAllowedRoots(List<Path> roots) {
        return new CatalogConfig(dataDir, roots, database);
    }

    public CatalogConfig withDatabase(Database server) {
        return new CatalogConfig(dataDir, allowedRoots, Optional.of(server));
    }
}
