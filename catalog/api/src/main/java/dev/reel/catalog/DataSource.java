package dev.reel.catalog;

import static java.util.Objects.requireNonNull;

import dev.reel.api.LayerName;

/**
 * A source to register (A.3, Rerun's {@code DataSource}).
 *
 * @param location a {@code file://} URL or a plain path of an {@code .rrd} file, or of a folder when
 *     {@code prefix}
 * @param layer the layer its segments get ({@link LayerName#BASE} unless named)
 * @param prefix register every {@code .rrd} under the folder, recursively
 * @param copy copy each file into the catalog's data folder and register the copy, so that the catalog keeps
 *     serving it whatever happens to the original (a Reel addition)
 */
public record DataSource(String location, LayerName layer, boolean prefix, boolean copy) {
    public DataSource {
        requireNonNull(location, "location is null");
        requireNonNull(layer, "layer is null");
        if (location.isBlank()) {
            throw new IllegalArgumentException("a data source needs a location");
        }
    }

    public static DataSource file(String location) {
        return new DataSource(location, LayerName.BASE, false, false);
    }

    public DataSource withLayer(LayerName name) {
        return new DataSource(location, name, prefix, copy);
    }

    public DataSource withCopy(boolean value) {
        return new DataSource(location, layer, prefix, value);
    }
}
