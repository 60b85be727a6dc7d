package dev.reel.rrd.tools;

import dev.reel.api.spi.RecordingCodec;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The formats other than Rerun's that the file tools read: the {@link RecordingCodec}s on the class path (an
 * extension jar in Reel's {@code extensions/} folder lists its codec in {@code META-INF/services}). A file whose
 * name ends in one of a codec's extensions is converted to {@code .rrd} before a verb reads it.
 */
final class RecordingFormats {
    private static List<RecordingCodec> codecs;

    private RecordingFormats() {}

    /** The codec for the file's extension, unless it is Rerun's own ({@code .rrd}, {@code .rbl}). */
    static Optional<RecordingCodec> forFile(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || fileName.lastIndexOf('/') > dot) {
            return Optional.empty();
        }
        String extension = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (extension.equals("rrd") || extension.equals("rbl")) {
            return Optional.empty();
        }
        return codecs().stream().filter(c -> c.fileExtensions().contains(extension)).findFirst();
    }

    private static synchronized List<RecordingCodec> codecs() {
        if (codecs == null) {
            codecs = ServiceLoader.load(RecordingCodec.class).stream().map(ServiceLoader.Provider::get).toList();
        }
        return codecs;
    }
}
