package dev.reel.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings benchmarks share unless they say otherwise (JMH inherits them from this class): operations per
 * second, one fork with a fixed, pre-touched 4 GB heap, three warm-up and five measured iterations of 5 s. Sized
 * for a 2-core machine: about 50 s per benchmark and parameter. For the codec benchmarks one operation is one
 * pass over the whole benchmark recording, so their scores compare across benchmarks.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.OPEN_NIO, JvmFlags.UNSAFE_ALLOCATOR, JvmFlags.HEAP, JvmFlags.FIXED_HEAP,
        JvmFlags.PRE_TOUCH})
public abstract class BenchmarkDefaults {
}
