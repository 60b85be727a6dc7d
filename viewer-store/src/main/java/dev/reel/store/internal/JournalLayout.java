package dev.reel.store.internal;

import dev.reel.api.StoreId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Where the journal keeps its files: {@code <folder>/<kind>/<application>/<recording>.rrd} per store and
 * {@code <folder>/activations.rrd} for blueprint activation commands. Ids become names that are safe on every
 * file system: characters other than ASCII letters, digits, {@code -} and {@code _} are percent-encoded (so no
 * name is {@code ..} or hidden), and a name too long for a file system is shortened with a hash of the id. The
 * store id itself is read back from the file's contents, never from its name.
 */
final class JournalLayout {
    static final String EXTENSION = ".rrd";
    private static final int MAX_NAME = 120;

    private final Path folder;

    JournalLayout(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    Path folder() {
        return folder;
    }

    Path fileOf(StoreId store) {
        return folder.resolve(store.kind().toString()).resolve(name(store.applicationId().value()))
                .resolve(name(store.recordingId().value()) + EXTENSION);
    }

    Path activations() {
        return folder.resolve("activations" + EXTENSION);
    }

    /** The stores' files and then the activation commands, in the order recovery replays them. */
    Stream<Path> files() throws IOException {
        if (!Files.isDirectory(folder)) {
            return Stream.empty();
        }
        Path activations = activations();
        Stream<Path> stores;
        try (Stream<Path> walk = Files.walk(folder)) {
            stores = walk.filter(p -> !p.equals(activations) && Files.isRegularFile(p)
                    && p.getFileName().toString().endsWith(EXTENSION)).sorted().toList().stream();
        }
        return Files.exists(activations) ? Stream.concat(stores, Stream.of(activations)) : stores;
    }

    static String name(String id) {
        StringBuilder out = new StringBuilder();
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        if (out.length() <= MAX_NAME) {
            return out.toString();
        }
        return out.substring(0, MAX_NAME - 17) + "~" + sha256(id).substring(0, 16);
    }

    private static String sha256(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Forces the folders from {@code file}'s up to the journal's own, so that a new file's name is durable. */
    void syncFolders(Path file) throws IOException {
        for (Path dir = file.getParent(); dir != null && dir.startsWith(folder); dir = dir.getParent()) {
            try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException e) {
                return; // some file systems cannot open folders; the data itself was forced
            }
        }
    }

    /** Removes the folders a deleted file leaves empty, up to the journal's own. */
    void removeEmptyFolders(Path file) throws IOException {
        for (Path dir = file.getParent(); dir != null && !dir.equals(folder) && dir.startsWith(folder);
                dir = dir.getParent()) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
