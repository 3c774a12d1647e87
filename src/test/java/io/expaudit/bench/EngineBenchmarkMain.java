package io.expaudit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.expaudit.config.FlagConfig;
import io.expaudit.eval.FlagEvaluator;
import io.expaudit.eval.Semantics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link EngineBenchmark} through the JMH Runner API with the GC profiler (bytes allocated
 * per operation) and prints it next to the node run of the same workload
 * ({@code src/test/node/bench-js-engine.mjs}): contexts per second (wall clock, and per second of
 * process CPU time via {@link CpuTimeProfiler}), flag evaluations per second, the Java/node ratios
 * and bytes per context and per flag evaluation.
 *
 * <pre>
 * EngineBenchmarkMain --workload DIR [--node-result FILE] [--semantics KOTLIN,JS]
 *     [--warmup-iterations 5] [--iterations 5] [--time 2] [--json FILE] [--report FILE]
 *     [--min-ratio R] [--profiler NAME[:OPTIONS]]...
 * </pre>
 *
 * <p>Before the measurement it evaluates every context once per semantics and compares the
 * assignment digest with the node run's, so the table compares like with like. Exit status: 0;
 * 1 when {@code --min-ratio} is given and the Java JS-semantics / node ratio falls below it, or
 * when the digests differ; 2 on bad arguments.
 */
public final class EngineBenchmarkMain {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CPU_METRIC = "cpu.ops.per.cpu.s";

  private EngineBenchmarkMain() {}

  public static void main(String[] args) throws IOException, RunnerException {
    String workload = "";
    Path nodeResult = null;
    Path json = null;
    Path report = null;
    List<Semantics> semantics = List.of(Semantics.KOTLIN, Semantics.JS);
    int warmups = 5;
    int iterations = 5;
    int seconds = 2;
    double minRatio = Double.NaN;
    List<String> profilers = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--workload" -> workload = args[++i];
          case "--node-result" -> nodeResult = Path.of(args[++i]);
          case "--json" -> json = Path.of(args[++i]);
          case "--report" -> report = Path.of(args[++i]);
          case "--warmup-iterations" -> warmups = Integer.parseInt(args[++i]);
          case "--iterations" -> iterations = Integer.parseInt(args[++i]);
          case "--time" -> seconds = Integer.parseInt(args[++i]);
          case "--min-ratio" -> minRatio = Double.parseDouble(args[++i]);
          case "--profiler" -> profilers.add(args[++i]);
          case "--semantics" -> {
            List<Semantics> list = new ArrayList<>();
            for (String s : args[++i].split(",")) {
              list.add(Semantics.parse(s.trim()));
            }
            semantics = List.copyOf(list);
          }
          default -> throw new IllegalArgumentException("unknown argument " + a);
        }
      }
    } catch (RuntimeException e) {
      System.err.println("EngineBenchmarkMain: " + e.getMessage());
      System.err.println("usage: EngineBenchmarkMain --workload DIR [--node-result FILE]"
          + " [--semantics KOTLIN,JS] [--warmup-iterations N] [--iterations N] [--time SECONDS]"
          + " [--json FILE] [--report FILE] [--min-ratio R] [--profiler NAME[:OPTIONS]]");
      System.exit(2);
      return;
    }

    JsonNode node = nodeResult == null ? null : JSON.readTree(Files.readString(nodeResult));

    // 1. the same work? one pass per semantics, digest compared with node's
    List<FlagConfig> flags = EngineBenchmark.loadFlags(workload);
    List<Map<String, Object>> contexts = EngineBenchmark.loadContexts(workload);
    Map<Semantics, AssignmentDigest> digests = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    for (Semantics s : semantics) {
      FlagEvaluator evaluator = FlagEvaluator.compile(flags, s);
      digests.put(s, AssignmentDigest.of(evaluator, contexts, s == semantics.get(0) ? counts : null));
    }
    String workloadSummary = summarize(counts, contexts.size());

    // 2. JMH
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(EngineBenchmark.class.getName().replace(".", "\\.") + "\\.evaluateAllFlags$")
        .param("semantics", semantics.stream().map(Enum::name).toArray(String[]::new))
        .forks(1)
        .threads(1)
        .warmupIterations(warmups)
        .warmupTime(TimeValue.seconds(seconds))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(seconds))
        .jvmArgsAppend("-Xms1g", "-Xmx1g")
        .addProfiler(GCProfiler.class)
        .addProfiler(CpuTimeProfiler.class);
    if (!workload.isEmpty()) {
      options.param("workload", workload);
    }
    for (String p : profilers) {
      int colon = p.indexOf(':');
      if (colon < 0) {
        options.addProfiler(p);
      } else {
        options.addProfiler(p.substring(0, colon), p.substring(colon + 1));
      }
    }
    if (json != null) {
      options.resultFormat(ResultFormatType.JSON).result(json.toString());
    }
    Collection<RunResult> runs = new Runner(options.build()).run();

    // 3. the table
    int flagCount = flags.size();
    Map<Semantics, RunResult> bySemantics = new LinkedHashMap<>();
    for (RunResult run : runs) {
      bySemantics.put(Semantics.valueOf(run.getParams().getParam("semantics")), run);
    }
    StringBuilder out = new StringBuilder();
    out.append('\n').append("== expaudit engine benchmark ==\n");
    out.append(String.format(Locale.ROOT,
        "workload: %d flags, %d contexts (%s); 1 op = 1 context = %d flag evaluations; 1 thread%n",
        flagCount, contexts.size(), workload.isEmpty() ? "generated in memory" : workload, flagCount));
    out.append(workloadSummary);
    out.append(String.format(Locale.ROOT, "java %s (%s), JMH fork 1, %d×%ds warmup, %d×%ds measured; node %s%n",
        System.getProperty("java.version"), System.getProperty("java.vm.name"),
        warmups, seconds, iterations, seconds,
        node == null ? "not run" : node.path("node").asText() + " (" + node.path("engine").asText()
            + " " + node.path("engineVersion").asText() + ", " + node.path("warmupIterations").asInt()
            + "×" + node.path("iterationSeconds").asDouble() + "s warmup, "
            + node.path("iterations").asInt() + "×" + node.path("iterationSeconds").asDouble() + "s measured)"));
    out.append('\n');
    out.append(String.format(Locale.ROOT, "%-18s %22s %22s %14s %10s %12s%n",
        "engine", "contexts/s", "contexts/CPU-s", "flag evals/s", "B/context", "B/flag eval"));
    for (Map.Entry<Semantics, RunResult> e : bySemantics.entrySet()) {
      Result<?> primary = e.getValue().getPrimaryResult();
      Result<?> cpu = e.getValue().getSecondaryResults().get(CPU_METRIC);
      Result<?> alloc = e.getValue().getSecondaryResults().get("gc.alloc.rate.norm");
      out.append(String.format(Locale.ROOT, "%-18s %22s %22s %14s %10s %12s%n",
          "java " + e.getKey(),
          withError(primary.getScore(), primary.getScoreError()),
          cpu == null ? "n/a" : withError(cpu.getScore(), cpu.getScoreError()),
          millions(primary.getScore() * flagCount),
          alloc == null ? "n/a" : String.format(Locale.ROOT, "%,.0f", alloc.getScore()),
          alloc == null ? "n/a" : String.format(Locale.ROOT, "%,.1f", alloc.getScore() / flagCount)));
    }
    double nodeScore = Double.NaN;
    double nodeSd = Double.NaN;
    double nodeCpu = Double.NaN;
    double nodeCpuSd = Double.NaN;
    if (node != null) {
      nodeScore = node.path("contextsPerSecond").asDouble();
      nodeSd = node.path("stdev").asDouble();
      nodeCpu = node.path("contextsPerCpuSecond").asDouble(Double.NaN);
      nodeCpuSd = node.path("cpuStdev").asDouble(Double.NaN);
      out.append(String.format(Locale.ROOT, "%-18s %22s %22s %14s %10s %12s%n",
          "node (JS engine)", withError(nodeScore, nodeSd) + "*",
          Double.isNaN(nodeCpu) ? "n/a" : withError(nodeCpu, nodeCpuSd) + "*",
          millions(nodeScore * node.path("flags").asInt()), "n/a", "n/a"));
    }
    out.append("  contexts/s: wall clock, one thread. contexts/CPU-s: per second of process CPU time,"
        + " all threads (GC, JIT) included.\n");
    out.append("  java ± is JMH's 99.9% confidence interval; * node ± is one standard deviation"
        + " of its iterations\n");
    for (Map.Entry<Semantics, RunResult> e : bySemantics.entrySet()) {
      Result<?> primary = e.getValue().getPrimaryResult();
      if (primary.getScoreError() > 0.1 * primary.getScore()) {
        out.append(String.format(Locale.ROOT,
            "  WARNING: java %s is noisy (± %.0f%% of the score): something else was using the"
                + " CPU, or warm-up was too short; re-run on a quiet machine%n",
            e.getKey(), 100 * primary.getScoreError() / primary.getScore()));
      }
    }

    boolean failed = false;
    if (node != null) {
      out.append('\n');
      for (Map.Entry<Semantics, RunResult> e : bySemantics.entrySet()) {
        Result<?> primary = e.getValue().getPrimaryResult();
        Result<?> cpu = e.getValue().getSecondaryResults().get(CPU_METRIC);
        out.append(String.format(Locale.ROOT, "ratio java %-6s / node: %5.2f× wall %-20s  %s%n",
            e.getKey(), primary.getScore() / nodeScore,
            spread(primary.getScore(), primary.getScoreError(), nodeScore, nodeSd),
            cpu == null || Double.isNaN(nodeCpu) ? ""
                : String.format(Locale.ROOT, "%5.2f× CPU time %s", cpu.getScore() / nodeCpu,
                    spread(cpu.getScore(), cpu.getScoreError(), nodeCpu, nodeCpuSd))));
      }
      RunResult js = bySemantics.get(Semantics.JS);
      if (js != null) {
        double ratio = js.getPrimaryResult().getScore() / nodeScore;
        out.append(String.format(Locale.ROOT,
            "target ≥ 3× (java JS semantics / node, wall clock, like for like): %s%n",
            ratio >= 3 ? "met" : "NOT met"));
        if (!Double.isNaN(minRatio) && ratio < minRatio) {
          out.append(String.format(Locale.ROOT, "FAILED: java JS / node = %.2f× is below --min-ratio %.2f×%n",
              ratio, minRatio));
          failed = true;
        }
      }
      out.append('\n');
      JsonNode nd = node.path("digest");
      for (Map.Entry<Semantics, AssignmentDigest> e : digests.entrySet()) {
        AssignmentDigest d = e.getValue();
        boolean same = d.fnv1a32().equals(nd.path("fnv1a32").asText())
            && d.results() == nd.path("results").asLong()
            && d.contexts() == nd.path("contexts").asInt();
        out.append(String.format(Locale.ROOT,
            "assignments java %-6s: %d results, digest %s — %s node (%d results, digest %s)%n",
            e.getKey(), d.results(), d.fnv1a32(), same ? "same as" : "DIFFERENT FROM",
            nd.path("results").asLong(), nd.path("fnv1a32").asText()));
        failed |= !same;
      }
    } else {
      for (Map.Entry<Semantics, AssignmentDigest> e : digests.entrySet()) {
        out.append(String.format(Locale.ROOT, "assignments java %-6s: %d results, digest %s%n",
            e.getKey(), e.getValue().results(), e.getValue().fnv1a32()));
      }
    }
    System.out.print(out);
    System.out.flush();
    if (report != null) {
      Files.writeString(report, out.toString().strip() + "\n");
    }
    System.exit(failed ? 1 : 0);
  }

  /** What share of results are the default variant, and which flags give the most non-defaults. */
  private static String summarize(Map<String, Map<String, Integer>> counts, int contexts) {
    long total = 0;
    long off = 0;
    for (Map<String, Integer> byVariant : counts.values()) {
      for (Map.Entry<String, Integer> e : byVariant.entrySet()) {
        total += e.getValue();
        if (e.getKey().equals("off")) {
          off += e.getValue();
        }
      }
    }
    return String.format(Locale.ROOT,
        "assignments per pass: %,d results over %,d contexts, %.1f%% of them \"off\"%n",
        total, contexts, total == 0 ? 0 : 100.0 * off / total);
  }

  /** The ratio's range: java's CI against node ± 1 sd. */
  private static String spread(double java, double javaError, double node, double nodeSd) {
    double je = Double.isNaN(javaError) ? 0 : javaError;
    double low = (java - je) / (node + nodeSd);
    double high = (java + je) / (node - nodeSd);
    return low > 0 && high > 0
        ? String.format(Locale.ROOT, "(%.2f× – %.2f×)", low, high)
        : "(too noisy to bound)";
  }

  private static String withError(double score, double error) {
    if (Double.isNaN(error)) {
      return String.format(Locale.ROOT, "%,.0f", score);
    }
    return String.format(Locale.ROOT, "%,.0f ± %,.0f", score, error);
  }

  private static String millions(double perSecond) {
    return String.format(Locale.ROOT, "%.2f M", perSecond / 1e6);
  }
}
