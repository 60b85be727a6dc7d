package dev.reel.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the catalog benchmarks share unless they say otherwise: every operation's time sampled (mean and
 * percentiles, in ms), one fork with a fixed, pre-touched 1 GB heap, one warm-up and three measured iterations of
 * 5 s. Their work is I/O and H2, not memory bandwidth, so a small heap keeps each fork's start short.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.OPEN_NIO, JvmFlags.UNSAFE_ALLOCATOR, JvmFlags.CATALOG_HEAP,
        JvmFlags.FIXED_CATALOG_HEAP, JvmFlags.PRE_TOUCH})
public abstract class CatalogBenchmarkDefaults {
}
