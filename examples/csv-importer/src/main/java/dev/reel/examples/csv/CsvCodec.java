package dev.reel.examples.csv;

import dev.reel.api.spi.DecodeOptions;
import dev.reel.api.spi.RecordingCodec;
import dev.reel.api.spi.RecordingDecoder;
import dev.reel.api.spi.RecordingEncoder;
import java.io.OutputStream;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.osgi.service.component.annotations.Component;

/**
 * CSV files of plot values as recordings. A header line names a time column and one entity per other column;
 * each line is a time (ISO-8601 instant or seconds since the Unix epoch) and numbers, and each number becomes a
 * {@code Scalars} value of its entity on a timestamp timeline named after the time column:
 *
 * <pre>
 * # application_id: robot_arm
 * # recording_id: run-7
 * time,arm/joint1,arm/joint2,battery
 * 2025-06-01T12:00:00Z,0.10,0.20,12.5
 * 2025-06-01T12:00:00.100Z,0.15,,12.4
 * </pre>
 *
 * <p>Comment lines before the header may name the application and recording id (by default {@code csv} and the
 * file's name without {@code .csv}). An empty cell logs nothing for that entity at that time.
 *
 * <p>Registered as a Declarative Services component, so a server that has this bundle in {@code extensions/}
 * reads {@code .csv} wherever it reads {@code .rrd} (the catalog registers such files); listed in
 * {@code META-INF/services}, so the file tools ({@code reel rrd ...}) find it on their class path too.
 */
@Component(service = RecordingCodec.class, property = {"reel.name=csv", "service.ranking:Integer=0"})
public final class CsvCodec implements RecordingCodec {
    @Override
    public String name() {
        return "csv";
    }

    @Override
    public Set<String> fileExtensions() {
        return Set.of("csv");
    }

    @Override
    public RecordingDecoder newDecoder(String source, BufferAllocator allocator, DecodeOptions options) {
        return new CsvDecoder(source, allocator, options);
    }

    /** Writes the {@code Scalars} of the messages as CSV, one column per entity; other components are left out. */
    @Override
    public RecordingEncoder newEncoder(OutputStream out) {
        return new CsvEncoder(out);
    }
}
