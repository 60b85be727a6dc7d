package dev.reel.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every codec benchmark shares (JMH inherits them): one operation is one pass over the whole
 * benchmark recording, so scores are passes per second and compare across benchmarks; sized for a 2-core
 * machine (about 50 s per benchmark and parameter).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.OPEN_NIO, JvmFlags.UNSAFE_ALLOCATOR, JvmFlags.HEAP, JvmFlags.FIXED_HEAP,
        JvmFlags.PRE_TOUCH})
public abstract class WholeRecordingBenchmark {
}
