package dev.reel.examples.csv;

import dev.reel.api.EntityPath;
import dev.reel.api.EntityPathParseException;
import dev.reel.api.StoreId;
import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.CrateVersion;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.StoreInfo;
import dev.reel.api.log.StoreSource;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.api.spi.LogMsgSink;
import dev.reel.api.spi.RecordingDecoder;
import dev.reel.api.spi.RecordingFormatException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Reads CSV line by line as bytes arrive: comment lines, the header (the store info goes out then), then rows;
 * each entity's values go out as a chunk every {@value #ROWS_PER_CHUNK} rows and at the end. A bad line fails
 * with its line number and byte offset (or is skipped and reported, when continuing on error).
 */
final class CsvDecoder implements RecordingDecoder {
    static final int ROWS_PER_CHUNK = 4096;
    /** The error code of every problem in a CSV file. */
    static final String BAD_CSV = "bad-csv";

    private final String source;
    private final BufferAllocator allocator;
    private final DecodeOptions options;
    private byte[] line = new byte[256];
    private int lineLength;
    private long lineStart;
    private long position;
    /** The number of the line being read, from 1. */
    private int lineNumber = 1;
    private String applicationId = "csv";
    private String recordingId;
    private StoreId storeId;
    private List<ScalarChunk> columns;
    private List<String> columnNames;

    CsvDecoder(String source, BufferAllocator allocator, DecodeOptions options) {
        this.source = source;
        this.allocator = allocator;
        this.options = options;
        this.recordingId = defaultRecordingId(source);
    }

    /** The file's name without its extension; a random id for a source that is not a file name. */
    private static String defaultRecordingId(String source) {
        String name = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
        if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            name = name.substring(0, name.length() - 4);
        }
        return name.isBlank() || name.startsWith("<") ? java.util.UUID.randomUUID().toString() : name;
    }

    @Override
    public void push(ByteBuffer bytes, LogMsgSink sink) throws IOException {
        while (bytes.hasRemaining()) {
            byte next = bytes.get();
            position++;
            if (next == '\n') {
                endLine(sink);
            } else {
                append(next);
            }
        }
    }

    private void append(byte next) throws RecordingFormatException {
        if (lineLength == line.length) {
            if (line.length >= options.maxMessageBytes()) {
                throw error("line is longer than " + options.maxMessageBytes() + " bytes");
            }
            line = Arrays.copyOf(line, (int) Math.min((long) line.length * 2, options.maxMessageBytes()));
        }
        line[lineLength++] = next;
    }

    private void endLine(LogMsgSink sink) throws IOException {
        int length = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        try {
            accept(text, sink);
        } catch (RecordingFormatException e) {
            if (!options.continueOnError() || storeId == null) {
                throw e;
            }
            sink.skipped(e);
        } finally {
            lineLength = 0;
            lineStart = position;
            lineNumber++;
        }
    }

    private void accept(String text, LogMsgSink sink) throws IOException {
        if (text.isBlank()) {
            return;
        }
        if (storeId == null) {
            if (text.startsWith("#")) {
                comment(text.substring(1));
            } else {
                header(text, sink);
            }
            return;
        }
        if (text.startsWith("#")) {
            return;
        }
        row(text, sink);
    }

    /** {@code # application_id: x} or {@code # recording_id = y}; other comments are ignored. */
    private void comment(String text) throws RecordingFormatException {
        int separator = text.indexOf(':') >= 0 ? text.indexOf(':') : text.indexOf('=');
        if (separator < 0) {
            return;
        }
        String key = text.substring(0, separator).trim();
        String value = text.substring(separator + 1).trim();
        if (value.isEmpty() && (key.equals("application_id") || key.equals("recording_id"))) {
            throw error(key + " is empty");
        }
        if (key.equals("application_id")) {
            applicationId = value;
        } else if (key.equals("recording_id")) {
            recordingId = value;
        }
    }

    private void header(String text, LogMsgSink sink) throws IOException {
        List<String> names = CsvLine.split(text);
        if (names.size() < 2) {
            throw error("the header must name a time column and at least one value column, got '" + text + "'");
        }
        if (names.get(0).isBlank()) {
            throw error("the time column has no name");
        }
        Timeline timeline = Timeline.timestamp(names.get(0).trim());
        List<ScalarChunk> builders = new ArrayList<>();
        for (String name : names.subList(1, names.size())) {
            try {
                builders.add(new ScalarChunk(EntityPath.parse(name.trim()), timeline));
            } catch (EntityPathParseException e) {
                throw error("column '" + name + "' is not an entity path: " + e.getMessage());
            }
        }
        columns = builders;
        columnNames = names;
        storeId = StoreId.recording(applicationId, recordingId);
        sink.accept(new SetStoreInfo(Tuid.next(), new StoreInfo(storeId, StoreSource.other("reel csv importer"),
                Optional.of(CrateVersion.WRITTEN))));
    }

    private void row(String text, LogMsgSink sink) throws IOException {
        List<String> cells = CsvLine.split(text);
        if (cells.size() != columnNames.size()) {
            throw error("expected " + columnNames.size() + " cells as in the header, got " + cells.size());
        }
        long time = time(cells.get(0).trim());
        double[] values = new double[columns.size()];
        boolean[] present = new boolean[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            String cell = cells.get(i + 1).trim();
            if (cell.isEmpty()) {
                continue;
            }
            try {
                values[i] = Double.parseDouble(cell);
                present[i] = true;
            } catch (NumberFormatException e) {
                throw error("column '" + columnNames.get(i + 1) + "': '" + cell + "' is not a number");
            }
        }
        // the whole line is valid: only now does it reach the chunks
        for (int i = 0; i < columns.size(); i++) {
            if (present[i]) {
                ScalarChunk column = columns.get(i);
                column.add(time, values[i]);
                if (column.rows() == ROWS_PER_CHUNK) {
                    sink.accept(new ArrowMsg(storeId, column.build(allocator)));
                }
            }
        }
    }

    /** Nanoseconds since the Unix epoch, from an ISO-8601 instant or from (fractional) seconds. */
    private long time(String cell) throws RecordingFormatException {
        try {
            if (cell.indexOf('T') > 0) {
                Instant instant = Instant.parse(cell);
                return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
            }
            return new BigDecimal(cell).movePointRight(9).setScale(0, java.math.RoundingMode.HALF_EVEN)
                    .longValueExact();
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw error("column '" + columnNames.get(0) + "': '" + cell
                    + "' is neither an ISO-8601 instant nor seconds since 1970");
        }
    }

    @Override
    public void finish(LogMsgSink sink) throws IOException {
        if (lineLength > 0) {
            endLine(sink);
        }
        if (storeId == null) {
            throw new RecordingFormatException(BAD_CSV, source, position, "no header line: the input is empty");
        }
        for (ScalarChunk column : columns) {
            if (column.rows() > 0) {
                sink.accept(new ArrowMsg(storeId, column.build(allocator)));
            }
        }
    }

    private RecordingFormatException error(String message) {
        return new RecordingFormatException(BAD_CSV, source, lineStart, "line " + lineNumber + ": " + message);
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void close() {
        columns = null;
        line = new byte[0];
    }
}
