package dev.reel.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metadata store contract on embedded H2 in a folder, plus what only the file database has. */
class TestH2MetadataStore extends MetadataStoreContract {
    @TempDir
    Path folder;

    @Override
    protected MetadataStore openStore() {
        return JdbcMetadataStore.open(MetadataStoreLocation.h2(folder.resolve("catalog")));
    }

    @Test
    void theDatabaseIsOneFileInTheFolder() throws Exception {
        store();
        assertThat(folder.resolve("catalog").resolve(MetadataStoreLocation.H2_DATABASE + ".mv.db")).isRegularFile();
        try (var files = Files.list(folder.resolve("catalog"))) {
            assertThat(files.map(f -> f.getFileName().toString())).allMatch(name -> name.startsWith("metadata."));
        }
    }

    @Test
    void closingCompactsTheAppendOnlyFile() throws Exception {
        for (int i = 0; i < 200; i++) {
            store().createEntries(List.of(MetadataRecords.dataset("dataset-" + i)));
        }
        Path file = folder.resolve("catalog").resolve(MetadataStoreLocation.H2_DATABASE + ".mv.db");
        long open = Files.size(file);
        MetadataStore reopened = reopen(); // closes the store, then opens it again
        long closed = Files.size(file);
        assertThat(reopened.entries()).hasSize(200);
        assertThat(closed).as("bytes after closing, against %d before", open).isLessThan(open / 4);
    }
}
