package dev.reel.catalog.internal;

import dev.reel.catalog.CatalogException;
import dev.reel.catalog.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which files a registration may read: only regular files under the allowed roots ({@code reel serve
 * --allowed-roots}, the data folder by default). A location is a {@code file://} URL or a plain path (absolute,
 * or relative to the first root); other schemes, {@code ..} segments and symbolic links that lead out of the
 * roots are refused with an error that names the setting. A prefix source names a folder and stands for every
 * file with one of the wanted extensions below it, recursively.
 */
final class SourcePolicy {
    static final String SETTING = "--allowed-roots";

    private final List<Path> roots;

    /** @param roots the allowed folders; each must exist */
    SourcePolicy(List<Path> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one allowed root is needed");
        }
        List<Path> real = new ArrayList<>();
        for (Path root : roots) {
            try {
                real.add(root.toRealPath());
            } catch (IOException e) {
                throw new UncheckedIOException("allowed root " + root + " cannot be read", e);
            }
        }
        this.roots = List.copyOf(real);
    }

    List<Path> roots() {
        return roots;
    }

    /**
     * The files a source names, sorted: the one file, or every file ending in one of {@code extensions} under
     * the folder of a prefix source.
     */
    List<Path> resolve(DataSource source, Set<String> extensions) {
        Path path = allowed(pathOf(source.location()), source.location());
        if (!source.prefix()) {
            if (!Files.isRegularFile(path)) {
                throw CatalogException.badRequest("'" + source.location() + "' is not a file"
                        + (Files.isDirectory(path) ? " but a folder: register it as a prefix" : ""));
            }
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw CatalogException.badRequest("prefix '" + source.location() + "' is not a folder");
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path candidate : (Iterable<Path>) walk::iterator) {
                String name = candidate.getFileName().toString().toLowerCase(Locale.ROOT);
                int dot = name.lastIndexOf('.');
                if (dot > 0 && extensions.contains(name.substring(dot + 1)) && Files.isRegularFile(candidate)) {
                    files.add(allowed(candidate, candidate.toString()));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw CatalogException.badRequest("cannot list prefix '" + source.location() + "': " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw CatalogException.badRequest("no " + String.join("/", extensions) + " files found under '"
                    + source.location() + "'");
        }
        files.sort(null);
        return files;
    }

    /** The path a location names: a {@code file:} URL without a host, or a plain path. */
    private Path pathOf(String location) {
        String text = location.strip();
        int colon = text.indexOf(':');
        boolean hasScheme = colon > 1 && text.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
        try {
            if (hasScheme) {
                URI uri = new URI(text);
                if (!"file".equalsIgnoreCase(uri.getScheme())) {
                    throw CatalogException.badRequest("'" + location + "': only file:// URLs and paths can be "
                            + "registered, not " + uri.getScheme() + ":");
                }
                if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()
                        && !uri.getAuthority().equals("localhost")) {
                    throw CatalogException.badRequest("'" + location + "': a file URL with a host is not supported");
                }
                checkNoDotDot(uri.getPath(), location);
                return Path.of(uri.getPath());
            }
            checkNoDotDot(text, location);
            Path path = Path.of(text);
            return path.isAbsolute() ? path : roots.get(0).resolve(path);
        } catch (URISyntaxException | InvalidPathException e) {
            throw CatalogException.badRequest("'" + location + "' is not a valid file URL or path: " + e.getMessage());
        }
    }

    private static void checkNoDotDot(String path, String location) {
        for (String part : path.split("[/\\\\]")) {
            if (part.equals("..")) {
                throw CatalogException.forbidden("'" + location + "' contains '..'; name files under the allowed "
                        + "roots (" + SETTING + ") directly");
            }
        }
    }

    /** The path, its links resolved, if it lies under an allowed root. */
    private Path allowed(Path path, String location) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw CatalogException.badRequest("'" + location + "' does not exist or cannot be read");
        }
        for (Path root : roots) {
            if (real.startsWith(root)) {
                return real;
            }
        }
        throw CatalogException.forbidden("'" + location + "' is outside the allowed roots " + roots
                + " (set them with " + SETTING + ")");
    }
}
