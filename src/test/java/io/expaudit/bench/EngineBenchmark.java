package io.expaudit.bench;

import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagConfigParser;
import io.expaudit.eval.Evaluation;
import io.expaudit.eval.FlagEvaluator;
import io.expaudit.eval.Semantics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of {@link FlagEvaluator#evaluate} on the {@link RealisticWorkload}: one operation
 * evaluates all 50 flags for one context, so ops/s is contexts per second per thread and
 * ops/s × 50 is flag evaluations per second. Single-threaded: the figure is per core.
 *
 * <p>The evaluator is compiled once per trial and the contexts are parsed into plain Java maps
 * before measurement; each operation takes the next context, cycling through all of them, so
 * the measurement sees the workload's whole mix of users and not one hot context.
 *
 * <p>{@code workload} is a directory written by {@link RealisticWorkload#main}; empty generates
 * the default workload in memory. Run it with {@link EngineBenchmarkMain} (which adds the GC
 * profiler and the node comparison) or any JMH runner.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineBenchmark {

  @Param({"KOTLIN", "JS"})
  public Semantics semantics;

  /** A directory holding flags.json and contexts.jsonl; empty: generate in memory. */
  @Param({""})
  public String workload;

  private FlagEvaluator evaluator;
  private Map<String, Object>[] contexts;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    List<FlagConfig> flags = loadFlags(workload);
    evaluator = FlagEvaluator.compile(flags, semantics);
    if (evaluator.flagKeys().size() != RealisticWorkload.FLAG_COUNT) {
      throw new IllegalStateException("expected " + RealisticWorkload.FLAG_COUNT
          + " flags, compiled " + evaluator.flagKeys().size());
    }
    contexts = toArray(loadContexts(workload));
    next = 0;
  }

  /** One op: all 50 flags for the next context. */
  @Benchmark
  public Evaluation evaluateAllFlags() {
    int i = next;
    next = i + 1 == contexts.length ? 0 : i + 1;
    return evaluator.evaluate(contexts[i]);
  }

  static List<FlagConfig> loadFlags(String workload) {
    if (workload == null || workload.isEmpty()) {
      return FlagConfigParser.parse(
          RealisticWorkload.flags(RealisticWorkload.DEFAULT_SEED).toString(), "generated");
    }
    Path file = Path.of(workload, RealisticWorkload.FLAGS_FILE);
    try {
      return FlagConfigParser.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Map<String, Object>> loadContexts(String workload) {
    if (workload == null || workload.isEmpty()) {
      return RealisticWorkload.javaContexts(
          RealisticWorkload.DEFAULT_SEED, RealisticWorkload.DEFAULT_CONTEXTS);
    }
    return RealisticWorkload.readContexts(Path.of(workload, RealisticWorkload.CONTEXTS_FILE));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Map<String, Object>[] toArray(List<Map<String, Object>> list) {
    return list.toArray(new Map[0]);
  }
}
