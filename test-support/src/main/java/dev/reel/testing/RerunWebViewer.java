package dev.reel.testing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Opens a recording in the real Rerun web viewer ({@code @rerun-io/web-viewer} 0.33.0 from npm) in headless Debian
 * Chromium, driven by {@code viewer-probe/probe.mjs}, and returns what the viewer reported.
 *
 * <p>Each call starts a static HTTP server on {@code 127.0.0.1} for the viewer page and its package (and, for
 * {@link #openFile}, the file), runs one probe, and stops the server: about 10-20 s per call on two cores. The
 * probe waits up to 30 s for {@code recording_open} (a result without one means the viewer opened nothing), then
 * until the events and time ranges have not changed for 2 s (at most 30 s more). A probe that cannot run at all
 * throws {@link ProbeFailedException}.
 *
 * <pre>{@code
 * RerunWebViewer.assumeAvailable();
 * RerunWebViewer.Result result = RerunWebViewer.open("http://127.0.0.1:9876/some/recording.rrd", List.of("log_tick"));
 * assertThat(result.recordingOpens()).extracting(e -> e.get("recording_id")).containsExactly("...");
 * }</pre>
 */
public final class RerunWebViewer {
    /** The Debian package's Chromium; the probe never uses a browser of its own. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Set to {@code true} (as {@code .ci/test} does) to make a missing browser a failure instead of a skip. */
    public static final String REQUIRE_PROPERTY = "reel.require.browser";

    // The probe gives up by itself after 90 s; this only catches a probe that hangs anyway.
    private static final long PROBE_TIMEOUT_SECONDS = 120;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RerunWebViewer() {}

    /** The span of one timeline as the viewer's {@code get_time_range} reports it: sequence numbers or ns. */
    public record TimeRange(long min, long max) {}

    /**
     * What the viewer reported.
     *
     * @param events the viewer's events in order: {@code ready}, {@code started} (the page's own: {@code start()}
     *     returned), {@code error} (the page's own: {@code start()} failed, with {@code message}) and
     *     {@code recording_open} ({@code application_id}, {@code recording_id}, {@code source}, ...)
     * @param ranges recording id, then timeline, then its range; a timeline the viewer does not know is absent
     * @param errors the page's console errors and uncaught exceptions
     */
    public record Result(
            List<Map<String, Object>> events, Map<String, Map<String, TimeRange>> ranges, List<String> errors) {
        public Result {
            events = List.copyOf(events);
            ranges = Map.copyOf(ranges);
            errors = List.copyOf(errors);
        }

        /** The {@code recording_open} events, in the order the viewer sent them. */
        public List<Map<String, Object>> recordingOpens() {
            return events.stream().filter(e -> "recording_open".equals(e.get("type"))).toList();
        }
    }

    /** The probe could not run to the end: no browser, a page that did not load, a timeout. */
    public static final class ProbeFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProbeFailedException(String message) {
            super(message);
        }
    }

    /** Whether Chromium, Node.js and the probe's npm packages are installed. */
    public static boolean isAvailable() {
        return missing().isEmpty();
    }

    /**
     * Skips the calling test when the browser is not installed, unless the run requires it (the {@code CI}
     * environment variable or {@code -Dreel.require.browser=true}): then it fails, so that CI cannot go green
     * without ever opening the viewer.
     */
    public static void assumeAvailable() {
        List<String> missing = missing();
        if (missing.isEmpty()) {
            return;
        }
        String message = "the Rerun web viewer cannot run: missing " + String.join(", ", missing)
                + " (.ci/test installs them: apt-get install chromium; npm ci in viewer-probe)";
        String ci = System.getenv("CI");
        if (Boolean.getBoolean(REQUIRE_PROPERTY) || (ci != null && !ci.isBlank() && !ci.equals("false"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    /**
     * Opens {@code recordingUrl} in the viewer: an http URL whose path ends in {@code .rrd} or {@code .rbl}
     * (its server must allow cross-origin requests: the viewer page comes from another port), or
     * {@code rerun+http://127.0.0.1:PORT/proxy}.
     */
    public static Result open(String recordingUrl, List<String> timelines) {
        requireNonNull(recordingUrl, "recordingUrl is null");
        requireNonNull(timelines, "timelines is null");
        return withServer(null, base -> probe(base, recordingUrl, timelines, null));
    }

    /**
     * Opens {@code recordingUrl} as {@link #open} does and, once what the viewer first received has settled, runs
     * {@code meanwhile} (which sends more data to the server the viewer reads from), then waits for the viewer to
     * settle again.
     *
     * @return what the viewer reported before {@code meanwhile} ran, and after
     */
    public static LiveResult openLive(String recordingUrl, List<String> timelines, Runnable meanwhile) {
        requireNonNull(recordingUrl, "recordingUrl is null");
        requireNonNull(timelines, "timelines is null");
        requireNonNull(meanwhile, "meanwhile is null");
        return withServer(null, base -> {
            Result[] first = new Result[1];
            Result last = probe(base, recordingUrl, timelines, line -> {
                try {
                    first[0] = parse(line, 0, "");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                meanwhile.run();
            });
            return new LiveResult(first[0], last);
        });
    }

    /**
     * What Reel's own web page showed: the recordings ({@code app/rec}) and segments ({@code dataset/segment}) it
     * listed, and, after one of them was opened, the embedded viewer's events and the ranges of the opened recording
     * by timeline.
     */
    public record PageResult(List<String> recordings, List<String> segments, List<Map<String, Object>> events,
            Map<String, TimeRange> ranges, List<String> errors) {}

    /**
     * Opens Reel's web page at {@code pageUrl}, waits for the row of {@code key} ({@code recording} with
     * {@code app/rec}, or {@code segment} with {@code dataset/segment}), clicks its "open" button and reports what
     * the embedded viewer shows for {@code recordingId}.
     */
    public static PageResult openReelPage(String pageUrl, String kind, String key, String recordingId,
            List<String> timelines) {
        List<String> command = new ArrayList<>(List.of("node", "page-probe.mjs", pageUrl, kind, key, recordingId));
        command.addAll(timelines);
        ProbeOutput output = run(command, null);
        String printed = output.stdout().strip();
        if (printed.isEmpty()) {
            throw new ProbeFailedException("the page probe printed nothing (exit " + output.exitCode() + "); stderr: "
                    + output.stderr());
        }
        try {
            Map<String, Object> out = JSON.readValue(printed.substring(printed.lastIndexOf('\n') + 1),
                    new TypeReference<Map<String, Object>>() {});
            if (out.containsKey("error")) {
                throw new ProbeFailedException("the page probe failed: " + out.get("error") + "; page errors: "
                        + out.get("errors"));
            }
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Number>> raw = (Map<String, Map<String, Number>>) out.get("ranges");
            Map<String, TimeRange> ranges = new LinkedHashMap<>();
            raw.forEach((timeline, range) -> {
                if (range != null) {
                    ranges.put(timeline, new TimeRange(range.get("min").longValue(), range.get("max").longValue()));
                }
            });
            @SuppressWarnings("unchecked")
            PageResult result = new PageResult((List<String>) out.get("recordings"), (List<String>) out.get("segments"),
                    (List<Map<String, Object>>) out.get("events"), ranges, (List<String>) out.get("errors"));
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the viewer reported before and after data was sent to it while it was open. */
    public record LiveResult(Result first, Result last) {}

    /** Serves {@code rrdFile} ({@code .rrd} or {@code .rbl}) itself and opens it in the viewer. */
    public static Result openFile(Path rrdFile, List<String> timelines) {
        requireNonNull(rrdFile, "rrdFile is null");
        requireNonNull(timelines, "timelines is null");
        if (!Files.isRegularFile(rrdFile)) {
            throw new IllegalArgumentException("not a file: " + rrdFile);
        }
        // A plain name keeps the URL free of escaping questions ('+' in the fixtures' names); the viewer picks
        // the decoder by the extension, which the name keeps.
        String name = rrdFile.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return withServer(rrdFile, base -> probe(base, base + "/files/" + name, timelines, null));
    }

    private static Path probeDir() {
        return Fixtures.projectDir().resolve("viewer-probe");
    }

    private static Path webViewerDir() {
        return probeDir().resolve("node_modules/@rerun-io/web-viewer");
    }

    private static List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM.toString());
        }
        if (findOnPath("node") == null) {
            missing.add("node on the PATH");
        }
        if (!Files.isRegularFile(webViewerDir().resolve("re_viewer_bg.wasm"))
                || !Files.isDirectory(probeDir().resolve("node_modules/playwright-core"))) {
            missing.add(probeDir().resolve("node_modules").toString());
        }
        return missing;
    }

    private static String findOnPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        return Stream.of(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst()
                .orElse(null);
    }

    /** Runs {@code probe} with the base URL of a server for the page, the viewer and {@code file} (if not null). */
    private static <T> T withServer(Path file, Function<String, T> probe) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The viewer fetches its script, its 47 MB wasm and the recording at once.
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "rerun-web-viewer-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> serve(exchange, file));
        server.start();
        try {
            return probe.apply("http://127.0.0.1:" + server.getAddress().getPort());
        } finally {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private static void serve(HttpExchange exchange, Path file) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Path target = null;
            if (path.equals("/page.html")) {
                target = probeDir().resolve("page.html");
            } else if (path.startsWith("/web-viewer/")) {
                target = inside(webViewerDir(), path.substring("/web-viewer/".length()));
            } else if (file != null && path.startsWith("/files/")) {
                target = file;
            }
            // Recordings are fetched from other origins too (a Reel server's page); nothing here is secret.
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            if (!head && !exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(405, -1);
            } else if (target == null || !Files.isRegularFile(target)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", contentType(target));
                exchange.sendResponseHeaders(200, head ? -1 : Files.size(target));
                if (!head) {
                    try (OutputStream body = exchange.getResponseBody()) {
                        Files.copy(target, body);
                    }
                }
            }
        }
    }

    /** {@code relative} under {@code root}, or null when it would leave it. */
    private static Path inside(Path root, String relative) {
        Path target = root.resolve(relative).normalize();
        return target.startsWith(root.normalize()) ? target : null;
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return switch (dot < 0 ? "" : name.substring(dot + 1)) {
            case "html" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            // instantiateStreaming refuses any other type.
            case "wasm" -> "application/wasm";
            case "json", "map" -> "application/json";
            default -> "application/octet-stream";
        };
    }

    /**
     * Runs the probe; with {@code firstLine} set, in live mode: the probe's first report goes to it, then the probe
     * is told to go on.
     */
    private static Result probe(String pageBase, String recordingUrl, List<String> timelines,
            java.util.function.Consumer<String> firstLine) {
        List<String> command = new ArrayList<>(List.of("node", "probe.mjs", pageBase, recordingUrl));
        command.addAll(timelines);
        ProbeOutput out = run(command, firstLine);
        try {
            return parse(out.stdout(), out.exitCode(), out.stderr());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a probe process printed (its whole standard output), how it ended, and the tail of its errors. */
    private record ProbeOutput(String stdout, int exitCode, String stderr) {}

    /**
     * Runs a probe command in the probe's folder, bounded; with {@code firstLine} set, in live mode: the probe's
     * first report goes to it, then the probe is told to go on.
     */
    private static ProbeOutput run(List<String> command, java.util.function.Consumer<String> firstLine) {
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("viewer-probe", ".out");
            stderr = Files.createTempFile("viewer-probe", ".err");
            // Files, not pipes: nothing has to drain them while we wait, and stderr is there for the message.
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(probeDir().toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            if (firstLine != null) {
                builder.environment().put("REEL_PROBE_LIVE", "1");
            }
            Process process = builder.start();
            if (firstLine != null) {
                String first = awaitFirstLine(process, stdout, stderr);
                firstLine.accept(first);
                process.getOutputStream().write('\n');
                process.getOutputStream().flush();
            }
            boolean exited;
            try {
                exited = process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exited = false;
            }
            if (!exited) {
                kill(process);
                throw new ProbeFailedException("the viewer probe did not finish in " + PROBE_TIMEOUT_SECONDS
                        + " s; stderr: " + tail(stderr));
            }
            return new ProbeOutput(Files.readString(stdout), process.exitValue(), tail(stderr));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    /** The live probe's first report, once it is written; fails if the probe ends or takes too long first. */
    private static String awaitFirstLine(Process process, Path stdout, Path stderr) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PROBE_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            String out = Files.readString(stdout);
            int newline = out.indexOf('\n');
            if (newline >= 0) {
                String line = out.substring(0, newline);
                if (!line.contains("\"phase\":\"first\"")) {
                    kill(process);
                    parse(line, 1, tail(stderr)); // the probe's failure, as a ProbeFailedException
                    throw new ProbeFailedException("the live probe reported no first phase: " + line);
                }
                return line;
            }
            if (!process.isAlive()) {
                throw new ProbeFailedException("the live probe ended before its first report; stderr: "
                        + tail(stderr));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill(process);
                throw new ProbeFailedException("interrupted while waiting for the live probe");
            }
        }
        kill(process);
        throw new ProbeFailedException("the live probe did not report within " + PROBE_TIMEOUT_SECONDS + " s");
    }

    // Chromium's processes are the probe's children: ending node alone would leave them running.
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Result parse(String stdout, int exitCode, String stderr) throws IOException {
        String line = stdout.strip();
        line = line.substring(line.lastIndexOf('\n') + 1);
        if (line.isEmpty()) {
            throw new ProbeFailedException(
                    "the viewer probe printed nothing (exit " + exitCode + "); stderr: " + stderr);
        }
        Map<String, Object> out = JSON.readValue(line, new TypeReference<Map<String, Object>>() {});
        if (exitCode != 0 || out.containsKey("error")) {
            throw new ProbeFailedException("the viewer probe failed (exit " + exitCode + "): " + out.get("error")
                    + "; page errors: " + out.get("errors") + "; stderr: " + stderr);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = ((List<Map<String, Object>>) out.get("events")).stream()
                .map(Collections::unmodifiableMap) // values may be null (segment_id): no Map.copyOf
                .toList();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, Number>>> rawRanges =
                (Map<String, Map<String, Map<String, Number>>>) out.get("ranges");
        Map<String, Map<String, TimeRange>> ranges = new LinkedHashMap<>();
        rawRanges.forEach((recordingId, byTimeline) -> {
            Map<String, TimeRange> known = new LinkedHashMap<>();
            byTimeline.forEach((timeline, range) -> {
                if (range != null) {
                    known.put(timeline, new TimeRange(range.get("min").longValue(), range.get("max").longValue()));
                }
            });
            ranges.put(recordingId, Collections.unmodifiableMap(known));
        });
        @SuppressWarnings("unchecked")
        List<String> errors = (List<String>) out.get("errors");
        return new Result(events, ranges, errors);
    }

    private static String tail(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        return text.length() <= 2000 ? text : "..." + text.substring(text.length() - 2000);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temp file is harmless; the probe's outcome matters more than this.
        }
    }
}
