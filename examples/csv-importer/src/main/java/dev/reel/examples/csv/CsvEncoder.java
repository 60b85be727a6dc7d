package dev.reel.examples.csv;

import dev.reel.api.TimeType;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.ComponentColumn;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.TimeColumn;
import dev.reel.api.spi.RecordingEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;

/**
 * Writes the plot values of a recording as the CSV the decoder reads: the first timestamp timeline met is the
 * time column, each entity with {@code Scalars} a column. Rows are kept until {@link #close()}, which sorts them
 * by time and writes the file: a CSV's header must name every column before the first row.
 */
final class CsvEncoder implements RecordingEncoder {
    private final OutputStream out;
    private final TreeMap<Long, Map<String, Double>> rows = new TreeMap<>();
    private final TreeSet<String> entities = new TreeSet<>();
    private String applicationId;
    private String recordingId;
    private String timeline;
    private long position;

    CsvEncoder(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(LogMsg message) {
        if (message instanceof SetStoreInfo info && applicationId == null) {
            applicationId = info.storeId().applicationId().value();
            recordingId = info.storeId().recordingId().value();
        } else if (message instanceof ArrowMsg arrow) {
            add(arrow.chunk());
        }
    }

    private void add(Chunk chunk) {
        Optional<ComponentColumn> scalars = chunk.component(ScalarChunk.SCALARS.component());
        Optional<TimeColumn> time = chunk.timeColumns().stream()
                .filter(c -> c.timeline().type() == TimeType.TIMESTAMP)
                .filter(c -> timeline == null || c.timeline().name().equals(timeline)).findFirst();
        if (scalars.isEmpty() || time.isEmpty()) {
            return;
        }
        timeline = time.get().timeline().name();
        String entity = chunk.entityPath().toString();
        FieldVector items = scalars.get().vector().getDataVector();
        if (!(items instanceof Float8Vector values)) {
            return;
        }
        entities.add(entity);
        for (int row = 0; row < chunk.numRows(); row++) {
            if (!scalars.get().isPresent(row)) {
                continue;
            }
            int start = scalars.get().vector().getElementStartIndex(row);
            if (scalars.get().vector().getElementEndIndex(row) > start && !values.isNull(start)) {
                rows.computeIfAbsent(time.get().get(row), t -> new HashMap<>()).put(entity, values.get(start));
            }
        }
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try (out) {
            if (applicationId != null) {
                line("# application_id: " + applicationId);
                line("# recording_id: " + recordingId);
            }
            StringBuilder header = new StringBuilder(CsvLine.quote(timeline == null ? "time" : timeline));
            entities.forEach(entity -> header.append(',').append(CsvLine.quote(entity)));
            line(header.toString());
            for (Map.Entry<Long, Map<String, Double>> row : rows.entrySet()) {
                StringBuilder text = new StringBuilder(instant(row.getKey()));
                for (String entity : entities) {
                    Double value = row.getValue().get(entity);
                    text.append(',').append(value == null ? "" : value.toString());
                }
                line(text.toString());
            }
        }
    }

    private static String instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
                .toString();
    }

    private void line(String text) throws IOException {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(bytes);
        position += bytes.length;
    }
}
