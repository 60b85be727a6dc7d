package dev.reel.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestCatalogSettings {
    @Test
    void withoutACatalogUrlTheMetadataIsEmbeddedH2UnderTheDataFolder() {
        CatalogSettings settings = CatalogSettings.from(Map.of("reel.data.dir", "/srv/reel")::get);
        assertThat(settings.dataDir()).isEqualTo(Path.of("/srv/reel"));
        assertThat(settings.chunksDir()).isEqualTo(Path.of("/srv/reel/chunks"));
        assertThat(settings.metadataStore().isH2()).isTrue();
        assertThat(settings.metadataStore().url())
                .startsWith("jdbc:h2:file:/srv/reel/catalog/metadata;")
                .contains(";WRITE_DELAY=0", ";DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void theChunkStorageMayLiveOutsideTheDataFolderOnStorageEveryNodeReads() {
        CatalogSettings settings = CatalogSettings.from(Map.of("reel.data.dir", "/srv/reel",
                "reel.catalog.storage", "/mnt/shared/reel")::get);
        assertThat(settings.chunksDir()).isEqualTo(Path.of("/mnt/shared/reel/chunks"));
        assertThat(CatalogBundle.config(settings, null).dataDir()).isEqualTo(Path.of("/mnt/shared/reel"));
        assertThat(CatalogBundle.config(settings, null).allowedRoots()).containsExactly(Path.of("/srv/reel"));
    }

    @Test
    void theDataFolderDefaultsToReelData() {
        CatalogSettings settings = CatalogSettings.from(Map.of("reel.catalog.url", " ")::get);
        assertThat(settings.dataDir()).isEqualTo(Path.of("reel-data"));
        assertThat(settings.metadataStore().url())
                .startsWith("jdbc:h2:file:" + Path.of("reel-data/catalog/metadata").toAbsolutePath());
    }

    @Test
    void aCatalogUrlMeansPostgresqlWithItsUserAndPassword() {
        CatalogSettings settings = CatalogSettings.from(Map.of("reel.data.dir", "/d",
                "reel.catalog.url", " jdbc:postgresql://db:5432/reel ", "reel.catalog.user", "reel",
                "reel.catalog.password", " secret ")::get);
        MetadataStoreLocation location = settings.metadataStore();
        assertThat(location.isH2()).isFalse();
        assertThat(location.url()).isEqualTo("jdbc:postgresql://db:5432/reel");
        assertThat(location.user()).isEqualTo("reel");
        assertThat(location.password()).isEqualTo(" secret ");
        assertThat(location.toString()).doesNotContain("secret");
    }

    @Test
    void aUrlOfAnotherDatabaseIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> CatalogSettings.from(Map.of("reel.catalog.url", "jdbc:mysql://db/reel")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reel.catalog.url: a PostgreSQL catalog URL starts with jdbc:postgresql:, got "
                        + "'jdbc:mysql://db/reel'");
    }

    @Test
    void aDataFolderWithASemicolonIsRefused() {
        assertThatThrownBy(() -> CatalogSettings.from(Map.of("reel.data.dir", "/tmp/a;b")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("';'");
    }
}
