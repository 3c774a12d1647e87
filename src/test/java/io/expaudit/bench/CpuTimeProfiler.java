package io.expaudit.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Operations per second of <em>process CPU time</em> (all threads: the benchmark thread, GC, JIT),
 * per iteration: {@code cpu.ops.per.cpu.s}. The same figure {@code bench-js-engine.mjs} computes
 * from {@code process.cpuUsage()}, so the two engines can be compared per core even when other
 * processes compete for the CPUs (wall-clock throughput then drops; CPU-time throughput much
 * less) and even though the JVM's GC threads may run on the second core.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long cpuStart;

  @Override
  public String getDescription() {
    return "operations per second of process CPU time (all threads)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    cpuStart = os.getProcessCpuTime();
  }

  @Override
  @SuppressWarnings("rawtypes") // the interface's signature
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long cpuNanos = os.getProcessCpuTime() - cpuStart;
    long ops = result.getMetadata().getMeasuredOps();
    if (cpuNanos <= 0 || ops <= 0) {
      return List.of();
    }
    return List.of(new ScalarResult(
        "cpu.ops.per.cpu.s", ops / (cpuNanos / 1e9), "ops/cpu-s", AggregationPolicy.AVG));
  }
}
