package dev.reel.benchmarks;

import dev.reel.api.log.ArrowMsg;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.apache.arrow.memory.RootAllocator;

/**
 * Shows that streaming decode holds one chunk at a time: decodes each benchmark file with {@link RrdReader},
 * closing every message as it arrives, and prints the allocator's peak next to the largest single chunk and
 * the file size. Run it with a small heap (e.g. {@code -Xmx256m}) to see that the heap is not holding the
 * file either.
 */
public final class DecodeMemoryCheck {
    private DecodeMemoryCheck() {}

    public static void main(String[] args) throws IOException {
        System.out.printf(Locale.ROOT, "max heap %,d MB%n", Runtime.getRuntime().maxMemory() >> 20);
        for (Compression compression : Compression.values()) {
            check(BenchmarkRecording.ensure(compression), compression);
        }
    }

    private static void check(Path file, Compression compression) throws IOException {
        int[] sizes = ArrowPayloads.uncompressedSizes(file);
        Arrays.sort(sizes);
        long[] largestHeld = new long[1];
        long[] chunks = new long[1];
        long peak;
        resetHeapPeaks();
        try (RootAllocator allocator = new RootAllocator()) {
            RrdReader.read(file, allocator, DecodeOptions.DEFAULT, message -> {
                if (message instanceof ArrowMsg arrow) {
                    chunks[0]++;
                    largestHeld[0] = Math.max(largestHeld[0], allocator.getAllocatedMemory());
                }
                message.close();
            });
            peak = allocator.getPeakMemoryAllocation();
        }
        int largest = sizes[sizes.length - 1];
        System.out.printf(Locale.ROOT, "%s (%s): %,d bytes, %,d chunks, chunk IPC sizes min %,d / median %,d / "
                        + "max %,d%n", file.getFileName(), compression, Files.size(file), chunks[0], sizes[0],
                sizes[sizes.length / 2], largest);
        System.out.printf(Locale.ROOT, "  Arrow peak allocated %,d bytes = %.2f x largest chunk = %.4f x file; "
                        + "largest held while one message was alive %,d bytes; heap pools peak %,d MB%n",
                peak, (double) peak / largest, (double) peak / Files.size(file), largestHeld[0],
                heapPeak() >> 20);
    }

    private static void resetHeapPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks: an upper bound of the heap used, garbage included. */
    private static long heapPeak() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
