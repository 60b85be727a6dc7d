package dev.reel.benchmarks;

import dev.reel.rrd.Compression;
import java.io.IOException;
import java.util.List;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The uncompressed Arrow IPC stream of every chunk of the benchmark recording, in file order. */
@State(Scope.Benchmark)
public class IpcStreams {
    List<byte[]> streams;
    long bytes;
    int largest;

    @Setup(Level.Trial)
    public void load() throws IOException {
        ArrowPayloads payloads = ArrowPayloads.read(BenchmarkRecording.ensure(Compression.LZ4));
        streams = payloads.ipcStreams();
        bytes = payloads.uncompressedBytes();
        largest = payloads.largestUncompressed();
    }
}
