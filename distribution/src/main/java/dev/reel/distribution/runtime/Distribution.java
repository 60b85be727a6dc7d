package dev.reel.distribution.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A distribution as data: its name, the bundles it is made of (by symbolic name; each is required: the server's
 * health is {@code DOWN} while one is missing or not active) and the default configuration every start gets
 * (framework properties, below what the configuration file, {@code REEL_*} variables and flags set). Read from a
 * properties file: {@code distribution/src/distributions/<name>.properties} when the build assembles it, the
 * copy in {@code conf/distribution.properties} when the server starts.
 *
 * <pre>
 * description = codec, transports and viewer store: no catalog, no web page
 * bundles = dev.reel.rrd.codec, dev.reel.viewer.store, ...
 * ui = false
 * default.reel.transport.http.web-page = false
 * </pre>
 *
 * @param ui whether the distribution carries the web page's Rerun web viewer ({@code ui/})
 */
public record Distribution(String name, String description, List<String> bundles, boolean ui,
        Map<String, String> defaults) {
    /** Where a distribution keeps its descriptor, below its home folder. */
    public static final String FILE = "conf/distribution.properties";
    private static final String DEFAULT = "default.";

    public Distribution {
        bundles = List.copyOf(bundles);
        defaults = Map.copyOf(defaults);
    }

    /** The descriptor of the distribution installed at {@code home}, if it has one. */
    public static Optional<Distribution> installedAt(Path home) throws IOException {
        Path file = home.resolve(FILE);
        return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
    }

    /** Reads a descriptor; the name is the property {@code name}, or the file's name without {@code .properties}. */
    public static Distribution read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        String fileName = file.getFileName().toString().replaceFirst("\\.properties$", "");
        String bundles = properties.getProperty("bundles", "");
        if (bundles.isBlank()) {
            throw new IOException(file + ": 'bundles' names no bundle");
        }
        Map<String, String> defaults = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(DEFAULT)) {
                defaults.put(key.substring(DEFAULT.length()), properties.getProperty(key).trim());
            }
        }
        return new Distribution(properties.getProperty("name", fileName).trim(),
                properties.getProperty("description", "").trim(),
                Arrays.stream(bundles.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                Boolean.parseBoolean(properties.getProperty("ui", "false").trim()), defaults);
    }

    /** Writes the descriptor as the server reads it. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("name", name);
        lines.put("description", description);
        lines.put("bundles", String.join(", ", bundles));
        lines.put("ui", Boolean.toString(ui));
        defaults.forEach((key, value) -> lines.put(DEFAULT + key, value));
        StringBuilder text = new StringBuilder("# The distribution " + name + " as assembled by the build: the bundles it "
                + "requires and its default configuration.\n");
        lines.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
    }
}
