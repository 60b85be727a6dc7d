package dev.reel.store.internal;

import dev.reel.store.StoreHubConfig;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The viewer-store bundle's settings, from framework properties ({@code reel serve} sets them from its flags and
 * configuration file).
 *
 * @param hub the hub's memory limit and chunk-store thresholds
 * @param journal whether and how accepted messages are journaled
 * @param journalFolder where the journal lives: {@code <data>/journal}
 * @param save a file that records every accepted message ({@code reel serve --save}), if any
 */
record ViewerStoreSettings(StoreHubConfig hub, JournalSettings journal, Path journalFolder, Optional<Path> save) {
    /** Framework property: the memory limit in bytes, or a percentage of the JVM's data budget ({@code 75%}). */
    static final String MEMORY_LIMIT = "reel.store.memory-limit";
    /** Framework property: the data folder. */
    static final String DATA_DIR = "reel.data.dir";
    /** Framework property: write everything accepted to this {@code .rrd} file. */
    static final String SAVE = "reel.save";

    static ViewerStoreSettings from(Function<String, String> property) {
        String data = property.apply(DATA_DIR);
        String save = property.apply(SAVE);
        return new ViewerStoreSettings(hubConfig(property.apply(MEMORY_LIMIT)),
                JournalSettings.from(property.apply(JournalSettings.ENABLED), property.apply(JournalSettings.FSYNC)),
                Path.of(data == null || data.isBlank() ? "reel-data" : data).resolve("journal"),
                save == null || save.isBlank() ? Optional.empty() : Optional.of(Path.of(save)));
    }

    static StoreHubConfig hubConfig(String memoryLimit) {
        StoreHubConfig defaults = StoreHubConfig.defaults();
        if (memoryLimit == null || memoryLimit.isBlank()) {
            return defaults;
        }
        String value = memoryLimit.trim();
        try {
            if (value.endsWith("%")) {
                double percent = Double.parseDouble(value.substring(0, value.length() - 1));
                return defaults.withMemoryLimit((long) (defaults.memoryLimitBytes() / 0.75 * percent / 100));
            }
            return defaults.withMemoryLimit(Long.parseLong(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MEMORY_LIMIT + " must be bytes or a percentage, got '" + value + "'", e);
        }
    }
}
