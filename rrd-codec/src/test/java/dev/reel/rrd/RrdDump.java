package dev.reel.rrd;

import dev.reel.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code tools/rrd_dump.py} (an independent, dependency-free reader of Rerun's format) says a stream
 * holds: the messages in order, with their store ids and, for Arrow messages, chunk id, entity path, row count,
 * timelines and components. Parses the dumps in the fixtures folder or runs the tool on a file.
 */
final class RrdDump {
    /** One top-level message. Fields that do not apply to the kind are null. */
    record Message(long offset, int kind, long length, Integer storeKind, String recordingId, String applicationId,
            String chunkId, Boolean isStatic, String entityPath, Integer rows, List<String> timelines,
            List<String> components, Boolean makeActive, Boolean makeDefault) {}

    record Dump(List<Message> messages, int streams, boolean footerChecksumsMatch, String text) {}

    private static final Pattern HEADER = Pattern.compile("^  MessageHeader @(\\d+) kind=(\\d+)\\(\\w+\\) len=(\\d+)");
    private static final Pattern STORE = Pattern.compile(
            "(?:store_id|blueprint_id)=\\{'kind': (\\d+), 'recording_id': '([^']*)', 'application_id': (?:'([^']*)'|None)\\}");
    private static final Pattern CHUNK = Pattern.compile("chunk_id=([0-9A-Fa-f]{32}|None)");
    private static final Pattern STATIC = Pattern.compile("is_static=(\\d|None)");
    private static final Pattern PATH = Pattern.compile("\"rerun[:.]entity_path\": \"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern ROWS = Pattern.compile("^    IPC RecordBatch \\{'length': (\\d+)");
    private static final Pattern FIELD = Pattern.compile("^      field (.*)$");
    private static final Pattern NAME = Pattern.compile("\"name\": \"((?:[^\"\\\\]|\\\\.)*)\", \"nullable\"");
    private static final Pattern FIELD_KIND = Pattern.compile("\"rerun[:.]kind\": \"(\\w+)\"");
    private static final Pattern ACTIVATION = Pattern.compile("make_active=(\\d) make_default=(\\d)");

    private RrdDump() {}

    /** The dump of a fixture, as saved in {@code fixtures/rerun-rrd/dumps}. */
    static Dump ofFixtureDump(String dumpFileName) throws IOException {
        return parse(Files.readString(Fixtures.dump(dumpFileName)));
    }

    /** A dump saved beside its file in the fixtures folder, e.g. {@code wild/NAME.dump.txt}. */
    static Dump ofFixture(String name) throws IOException {
        return parse(Files.readString(Fixtures.rrd(name)));
    }

    /** Runs {@code python3 tools/rrd_dump.py} on a file. */
    static Dump run(Path rrd) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("python3", Fixtures.rrdDumpTool().toString(), rrd.toString())
                .redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("rrd_dump.py did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("rrd_dump.py failed on " + rrd + ":\n" + text);
        }
        return parse(text);
    }

    static Dump parse(String text) {
        List<Message> messages = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher header = HEADER.matcher(lines[i]);
            if (!header.find()) {
                continue;
            }
            int kind = Integer.parseInt(header.group(2));
            Integer storeKind = null;
            String recordingId = null;
            String applicationId = null;
            String chunkId = null;
            Boolean isStatic = null;
            String entityPath = null;
            Integer rows = null;
            Boolean makeActive = null;
            Boolean makeDefault = null;
            List<String> timelines = new ArrayList<>();
            List<String> components = new ArrayList<>();
            int j = i + 1;
            for (; j < lines.length && !HEADER.matcher(lines[j]).find() && !lines[j].startsWith("StreamHeader")
                    && !lines[j].startsWith("  StreamFooter"); j++) {
                String line = lines[j];
                if (line.startsWith("    ") && !line.startsWith("     ") && storeKind == null) {
                    Matcher store = STORE.matcher(line);
                    if (store.find()) {
                        storeKind = Integer.parseInt(store.group(1));
                        recordingId = store.group(2);
                        applicationId = store.group(3);
                    }
                }
                if (line.startsWith("    ArrowMsg ")) {
                    Matcher chunk = CHUNK.matcher(line);
                    chunkId = chunk.find() && !chunk.group(1).equals("None") ? chunk.group(1) : null;
                    Matcher s = STATIC.matcher(line);
                    isStatic = s.find() && !s.group(1).equals("None") ? s.group(1).equals("1") : null;
                }
                if (line.startsWith("    IPC Schema metadata=") && entityPath == null) {
                    Matcher path = PATH.matcher(line);
                    entityPath = path.find() ? jsonString(path.group(1)) : null;
                }
                Matcher r = ROWS.matcher(line);
                if (r.find() && rows == null) {
                    rows = Integer.parseInt(r.group(1));
                }
                Matcher field = FIELD.matcher(line);
                if (field.find()) {
                    String json = field.group(1);
                    Matcher name = lastMatch(NAME, json);
                    Matcher fieldKind = FIELD_KIND.matcher(json);
                    String k = fieldKind.find() ? fieldKind.group(1) : "data";
                    if (k.equals("index") || k.equals("time")) {
                        timelines.add(jsonString(name.group(1)));
                    } else if (!k.equals("control") && !k.equals("row_id")) {
                        components.add(jsonString(name.group(1)));
                    }
                }
                Matcher activation = ACTIVATION.matcher(line);
                if (activation.find()) {
                    makeActive = activation.group(1).equals("1");
                    makeDefault = activation.group(2).equals("1");
                }
            }
            messages.add(new Message(Long.parseLong(header.group(1)), kind, Long.parseLong(header.group(3)),
                    storeKind, recordingId, applicationId, chunkId, isStatic, entityPath, rows, timelines, components,
                    makeActive, makeDefault));
            i = j - 1;
        }
        int streams = (int) java.util.Arrays.stream(lines).filter(l -> l.startsWith("StreamHeader")).count();
        boolean checksums = !text.contains("match=False");
        return new Dump(messages, streams, checksums, text);
    }

    /**
     * The text of a JSON string literal's content as the dumper's {@code json.dumps} wrote it: entity paths keep
     * Rerun's own backslash escapes ({@code \$}), which JSON doubles.
     */
    static String jsonString(String escaped) {
        StringBuilder text = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c != '\\' || i + 1 == escaped.length()) {
                text.append(c);
                continue;
            }
            char next = escaped.charAt(++i);
            switch (next) {
                case 'n' -> text.append('\n');
                case 't' -> text.append('\t');
                case 'r' -> text.append('\r');
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'u' -> {
                    text.append((char) Integer.parseInt(escaped.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> text.append(next);
            }
        }
        return text.toString();
    }

    /** The top-level field name is the last "name" in the JSON (children come first, sorted keys). */
    private static Matcher lastMatch(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        Matcher last = null;
        int start = 0;
        while (matcher.find(start)) {
            last = pattern.matcher(text);
            last.find(matcher.start());
            start = matcher.end();
        }
        if (last == null) {
            throw new IllegalArgumentException("no field name in " + text);
        }
        return last;
    }
}
