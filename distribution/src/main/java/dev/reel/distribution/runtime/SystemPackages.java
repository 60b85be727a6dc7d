package dev.reel.distribution.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Computes {@code org.osgi.framework.system.packages.extra}: the packages of the platform class path (layer 0)
 * that bundles may import from the system bundle. A jar's own {@code Export-Package} is used when it has one;
 * otherwise every package it holds is exported, versioned from the jar's metadata or file name. A library is
 * either on the class path or a bundle, never both: jars whose symbolic name is installed from the bundles
 * folder are skipped, and so are OSGi framework packages, which the framework exports itself.
 */
final class SystemPackages {
    private static final Pattern FILE_VERSION = Pattern.compile("-(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?[^/]*\\.jar$");
    private static final Pattern DIGITS = Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");

    private SystemPackages() {}

    /**
     * @param classPath the class-path entries (jars and class folders)
     * @param bundleNames symbolic names of the bundles installed from the bundles folder
     */
    static String exports(List<Path> classPath, Set<String> bundleNames) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (Path entry : classPath) {
            if (Files.isDirectory(entry)) {
                packagesOfFolder(entry).forEach(p -> versions.putIfAbsent(p, "0.0.0"));
            } else if (entry.toString().endsWith(".jar") && Files.isRegularFile(entry)) {
                readJar(entry, bundleNames, versions);
            }
        }
        return versions.entrySet().stream()
                .filter(e -> !isFrameworkOwned(e.getKey()))
                .map(e -> e.getKey() + ";version=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(","));
    }

    static List<Path> currentClassPath() {
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath());
            }
        }
        return entries;
    }

    private static boolean isFrameworkOwned(String pkg) {
        return pkg.startsWith("java.") || pkg.startsWith("org.osgi.") || pkg.startsWith("org.apache.felix.");
    }

    private static void readJar(Path jar, Set<String> bundleNames, Map<String, String> versions) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
            String symbolicName = main.getValue("Bundle-SymbolicName");
            if (symbolicName != null && bundleNames.contains(symbolicName.split(";")[0].trim())) {
                return;
            }
            String exportHeader = main.getValue("Export-Package");
            if (exportHeader != null) {
                for (String clause : splitClauses(exportHeader)) {
                    addClause(clause, versions);
                }
                return;
            }
            String version = osgiVersion(main.getValue("Bundle-Version"), main.getValue("Implementation-Version"),
                    jar.getFileName().toString());
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.endsWith(".class") && name.indexOf('/') > 0 && !name.startsWith("META-INF/")) {
                    versions.putIfAbsent(name.substring(0, name.lastIndexOf('/')).replace('/', '.'), version);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class-path jar " + jar, e);
        }
    }

    private static List<String> packagesOfFolder(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> folder.relativize(f.getParent()))
                    .filter(p -> p.getNameCount() > 0 && !p.toString().isEmpty() && !p.startsWith("META-INF"))
                    .map(p -> p.toString().replace(java.io.File.separatorChar, '.'))
                    .distinct()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class-path folder " + folder, e);
        }
    }

    /** One export clause: {@code a.b;c.d;version="1.2";uses:="..."} exports a.b and c.d at 1.2. */
    private static void addClause(String clause, Map<String, String> versions) {
        String version = "0.0.0";
        List<String> packages = new ArrayList<>();
        for (String part : clause.split(";(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            String trimmed = part.trim();
            if (trimmed.startsWith("version=")) {
                version = trimmed.substring("version=".length()).replace("\"", "").trim();
            } else if (!trimmed.contains("=")) {
                packages.add(trimmed);
            }
        }
        for (String pkg : packages) {
            versions.putIfAbsent(pkg, version);
        }
    }

    /** Splits a manifest header at the commas that are not inside quotes. */
    static List<String> splitClauses(String header) {
        List<String> clauses = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                clauses.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            clauses.add(current.toString());
        }
        return clauses;
    }

    private static String osgiVersion(String bundleVersion, String implementationVersion, String fileName) {
        for (String candidate : new String[] {bundleVersion, implementationVersion}) {
            if (candidate != null) {
                Matcher m = DIGITS.matcher(candidate);
                if (m.lookingAt()) {
                    return versionOf(m);
                }
            }
        }
        Matcher m = FILE_VERSION.matcher(fileName);
        return m.find() ? versionOf(m) : "0.0.0";
    }

    private static String versionOf(Matcher m) {
        return m.group(1) + "." + (m.group(2) == null ? "0" : m.group(2)) + "."
                + (m.group(3) == null ? "0" : m.group(3));
    }
}
