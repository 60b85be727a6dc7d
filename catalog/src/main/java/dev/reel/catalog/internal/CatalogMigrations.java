package dev.reel.catalog.internal;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The metadata store's schema migrations, for Flyway, listed here rather than found by scanning: Flyway's
 * class-path scanner cannot list a bundle's resources in OSGi, while the bundle's own class loader reads them
 * by name everywhere. A new migration is a new {@code V<n>__<what>.sql} in {@value #FOLDER} and a line in
 * {@link #MIGRATIONS} (a test checks that the two agree).
 */
final class CatalogMigrations implements ResourceProvider {
    static final String FOLDER = "dev/reel/catalog/internal/db";
    static final List<String> MIGRATIONS = List.of("V1__catalog.sql");

    /** The versions of the migrations, as Flyway records them ({@code V1__catalog.sql} is {@code 1}). */
    static java.util.Set<String> versions() {
        return MIGRATIONS.stream().map(name -> name.substring(1, name.indexOf("__")).replace('_', '.'))
                .collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public LoadableResource getResource(String name) {
        return MIGRATIONS.contains(name) ? new Migration(name) : null;
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return MIGRATIONS.stream()
                .filter(name -> name.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(name::endsWith))
                .<LoadableResource>map(Migration::new)
                .toList();
    }

    /** One migration file, read through this bundle's class loader. */
    private static final class Migration extends LoadableResource {
        private final String name;

        Migration(String name) {
            this.name = name;
        }

        @Override
        public Reader read() {
            InputStream in = CatalogMigrations.class.getClassLoader().getResourceAsStream(getAbsolutePath());
            if (in == null) {
                throw new FlywayException("catalog migration " + getAbsolutePath() + " is missing from the bundle");
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return FOLDER + "/" + name;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return getAbsolutePath();
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }
}
