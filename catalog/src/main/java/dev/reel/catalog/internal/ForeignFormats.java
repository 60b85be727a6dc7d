package dev.reel.catalog.internal;

import dev.reel.api.spi.RecordingCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The recording formats other than Rerun's that registration accepts: the {@link RecordingCodec} services of
 * extensions (the bundle adds and removes them as they come and go), or, outside OSGi, the codecs on the class
 * path. A file of such a format is converted to {@code .rrd} in the catalog's folder when it is registered.
 */
final class ForeignFormats {
    private final List<RecordingCodec> codecs = new CopyOnWriteArrayList<>();

    /** None until codecs are added. */
    static ForeignFormats none() {
        return new ForeignFormats();
    }

    /** The codecs {@link ServiceLoader} finds, for a catalog opened outside OSGi. */
    static ForeignFormats fromClassPath() {
        ForeignFormats formats = new ForeignFormats();
        ServiceLoader.load(RecordingCodec.class).forEach(formats::add);
        return formats;
    }

    void add(RecordingCodec codec) {
        if (!codec.fileExtensions().contains("rrd")) {
            codecs.add(codec);
        }
    }

    void remove(RecordingCodec codec) {
        codecs.remove(codec);
    }

    /** The file extensions of the codecs, in lower case. */
    Set<String> extensions() {
        Set<String> extensions = new TreeSet<>();
        codecs.forEach(codec -> codec.fileExtensions().forEach(e -> extensions.add(e.toLowerCase(Locale.ROOT))));
        return extensions;
    }

    /** The codec that reads this file, by its extension. */
    Optional<RecordingCodec> forFile(Path file) {
        String extension = extensionOf(file);
        if (extension.isEmpty()) {
            return Optional.empty();
        }
        return codecs.stream().filter(c -> c.fileExtensions().stream()
                .anyMatch(e -> e.equalsIgnoreCase(extension))).findFirst();
    }

    /** The file name's extension in lower case, without the dot; empty when it has none. */
    static String extensionOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }
}
