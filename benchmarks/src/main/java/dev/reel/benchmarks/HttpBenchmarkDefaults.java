package dev.reel.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the HTTP transport's benchmarks share unless they say otherwise: operations per second, one fork with a
 * fixed, pre-touched 2 GB heap, two warm-up and five measured iterations of 5 s (with three, JMH's 99.9% interval
 * is wider than the score itself). The recordings they serve live in the store's Arrow (off-heap) memory, and
 * pre-touching costs about 4 s per GB here, so the heap is no larger than a 300 MB upload needs; the three
 * benchmarks together take about 10 minutes on 2 cores.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.OPEN_NIO, JvmFlags.UNSAFE_ALLOCATOR, JvmFlags.STORE_HEAP,
        JvmFlags.FIXED_STORE_HEAP, JvmFlags.PRE_TOUCH})
public abstract class HttpBenchmarkDefaults {
}
