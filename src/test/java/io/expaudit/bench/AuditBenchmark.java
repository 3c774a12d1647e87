package io.expaudit.bench;

import io.expaudit.config.Settings;
import io.expaudit.eval.Semantics;
import io.expaudit.sample.WorldGenerator;
import io.expaudit.spark.AuditPipeline;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The audit's cost against a baseline Spark job that only reads the same files and groups them by
 * user (three fields, counted per user), and against a reference job doing the audit's data
 * movement without the audit ({@link #groupEventsByUser}), on generated worlds of growing size,
 * in one JVM (see {@code bench/audit-benchmark.sh}). Arguments: work folder, sizes, runs per job
 * (default 2); the tables give each job's best run, stderr every run.
 * Local mode: driver and executor are this JVM, so one peak heap figure covers both.
 */
public final class AuditBenchmark {
  private AuditBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "target/audit-benchmark");
    List<Long> sizes = new ArrayList<>();
    for (String s : (args.length > 1 ? args[1] : "1000000,10000000").split(",")) {
      sizes.add(Long.parseLong(s.trim()));
    }
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    // the session the CLI itself uses in local mode (local[*], its shuffle partitions)
    SparkSession spark = io.expaudit.spark.Sessions.getOrCreate("audit-benchmark");
    StageTimes stages = new StageTimes();
    spark.sparkContext().addSparkListener(stages);
    List<String> rows = new ArrayList<>();
    List<String> groupingRows = new ArrayList<>();
    double firstAuditSeconds = 0;
    long firstEvents = 0;
    // A small world first, not reported: class loading, JIT and Spark's first-job costs would
    // otherwise land on the first measured size and bend the growth column.
    List<Long> runs = new ArrayList<>();
    runs.add(-100_000L);
    runs.addAll(sizes);
    for (long run : runs) {
      boolean warmUp = run < 0;
      long events = Math.abs(run);
      Path world = work.resolve("world-" + events);
      if (!Files.exists(world.resolve("ground-truth.jsonl"))) {
        long t0 = System.nanoTime();
        WorldGenerator.Summary summary = WorldGenerator.generate(world, (int) (events / 10), 42, 10.0);
        System.err.printf(Locale.ROOT, "generated %d events in %.1f s%n", summary.events(),
            (System.nanoTime() - t0) / 1e9);
      }
      String eventsDir = world.resolve("events").toString();

      boolean stagesWanted = System.getenv("AUDIT_BENCH_STAGES") != null;
      long[] users = new long[1];
      long[] grouped = new long[1];
      AuditPipeline.Outcome[] outcome = new AuditPipeline.Outcome[1];
      List<Job> jobs = List.of(
          new Job("baseline", () -> users[0] = spark.read()
              .schema("amplitude_id LONG, user_id STRING, device_id STRING")
              .option("recursiveFileLookup", "true")
              .json(eventsDir).groupBy("amplitude_id").count().count()),
          // a second reference: the same read and grouping the audit must do, without the audit
          new Job("reference", () -> grouped[0] = groupEventsByUser(spark, eventsDir)),
          new Job("audit", () -> {
            outcome[0] = new AuditPipeline(spark, stagesWanted
                ? new PrintWriter(System.err, true) : new PrintWriter(new StringWriter()))
                .run(new AuditPipeline.Options(world.resolve("flags").toString(), eventsDir,
                    work.resolve("out-" + events).toString(), null, null, "parquet", Semantics.KOTLIN,
                    null, Settings.defaults(), null));
            if (stagesWanted) {
              stages.drain().forEach(System.err::println);
            }
          }));
      // Each job runs `repeats` times, the order reversed every other round so that none always
      // follows the heaviest; the best run of each is reported, every run is logged.
      int rounds = warmUp ? 1 : repeats;
      for (int round = 0; round < rounds; round++) {
        List<Job> order = new ArrayList<>(jobs);
        if (round % 2 == 1) {
          java.util.Collections.reverse(order);
        }
        for (Job job : order) {
          Measured m = job.measure();
          System.err.printf(Locale.ROOT, "world-%d round %d: %-9s %6.1f s wall, %6.1f s CPU, peak heap %,d MB%n",
              events, round + 1, job.name, m.seconds(), m.cpuSeconds(), m.peakMb());
        }
      }
      if (grouped[0] != users[0]) {
        throw new IllegalStateException("the two baselines disagree: " + grouped[0] + " vs " + users[0] + " users");
      }
      Measured baseline = jobs.get(0).best();
      Measured reference = jobs.get(1).best();
      Measured audit = jobs.get(2).best();
      long read = outcome[0].input().get("rows_read");
      if (warmUp) {
        continue;
      }
      if (firstEvents == 0) {
        firstEvents = read;
        firstAuditSeconds = audit.seconds();
      }
      rows.add(String.format(Locale.ROOT,
          "| %,d | %,d | %.1f s | %,.0f | %.1f s | %,.0f | %.2f× | %.0f s / %.0f s = %.2f× | %,d MB | %,d MB | %.2f |",
          read, users[0], baseline.seconds(), read / baseline.seconds(), audit.seconds(), read / audit.seconds(),
          audit.seconds() / baseline.seconds(), audit.cpuSeconds(), baseline.cpuSeconds(),
          audit.cpuSeconds() / baseline.cpuSeconds(), baseline.peakMb(), audit.peakMb(),
          (audit.seconds() / firstAuditSeconds) / ((double) read / firstEvents)));
      groupingRows.add(String.format(Locale.ROOT, "| %,d | %.1f s | %.0f s | %.2f× | %.2f× |",
          read, reference.seconds(), reference.cpuSeconds(), audit.seconds() / reference.seconds(),
          audit.cpuSeconds() / reference.cpuSeconds()));
    }
    System.out.println("| events read | units | baseline (read + group by user), best of " + repeats + " | baseline events/s"
        + " | audit, best of " + repeats + " | audit events/s | audit / baseline | CPU time, audit / baseline"
        + " | peak heap, baseline | peak heap, audit | time growth ÷ size growth vs first row |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.println();
    System.out.println("| events read | read the audit's fields + group the events by user | its CPU time"
        + " | audit / that, wall | audit / that, CPU |");
    System.out.println("|---|---|---|---|---|");
    groupingRows.forEach(System.out::println);
    System.out.printf(Locale.ROOT, "JVM: %d cores, max heap %,d MB (local mode: driver = executor)%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    spark.stop();
  }

  /** Wall time, CPU time of the whole JVM, and peak heap of one run of a job. */
  private record Measured(double seconds, double cpuSeconds, long peakMb) {}

  /** A job of the benchmark and its runs; {@link #best} takes the fastest of each measure. */
  private static final class Job {
    final String name;
    private final ThrowingRunnable body;
    private final List<Measured> runs = new ArrayList<>();

    Job(String name, ThrowingRunnable body) {
      this.name = name;
      this.body = body;
    }

    Measured measure() throws Exception {
      resetPeaks();
      long c0 = processCpuNanos();
      long t0 = System.nanoTime();
      body.run();
      Measured m = new Measured((System.nanoTime() - t0) / 1e9, (processCpuNanos() - c0) / 1e9, peakHeapMb());
      runs.add(m);
      return m;
    }

    /** The least wall time and the least CPU time over the runs (the noise only ever adds), and the largest peak heap. */
    Measured best() {
      return new Measured(runs.stream().mapToDouble(Measured::seconds).min().orElseThrow(),
          runs.stream().mapToDouble(Measured::cpuSeconds).min().orElseThrow(),
          runs.stream().mapToLong(Measured::peakMb).max().orElseThrow());
    }
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  /**
   * The data movement any per-unit audit needs, without the audit: Spark's JSON reader parses the
   * fields the audit reads (ids, time, type, insert ids, the context's fields, user and event
   * properties), and every event is shuffled and sorted so that a user's events are adjacent, as
   * the audit's unit stage receives them; returns the number of users.
   */
  private static long groupEventsByUser(SparkSession spark, String eventsDir) {
    StringBuilder schema = new StringBuilder("event_type STRING, event_time STRING, user_id STRING,"
        + " device_id STRING, amplitude_id LONG, `$insert_id` STRING, insert_id STRING, library STRING,"
        + " user_properties MAP<STRING, STRING>, event_properties MAP<STRING, STRING>");
    io.expaudit.events.ExportEventParser.DEFAULT_USER_FIELDS.keySet().stream()
        .filter(f -> !f.endsWith("_id"))
        .forEach(f -> schema.append(", ").append(f).append(" STRING"));
    return spark.read().schema(schema.toString()).option("recursiveFileLookup", "true").json(eventsDir)
        .repartition(org.apache.spark.sql.functions.col("amplitude_id"))
        .sortWithinPartitions("amplitude_id")
        .mapPartitions((org.apache.spark.api.java.function.MapPartitionsFunction<org.apache.spark.sql.Row, Long>) it -> {
          long groups = 0;
          Object previous = null;
          while (it.hasNext()) {
            Object key = it.next().get(4);
            if (groups == 0 || !java.util.Objects.equals(key, previous)) {
              groups++;
              previous = key;
            }
          }
          return List.of(groups).iterator();
        }, org.apache.spark.sql.Encoders.LONG())
        .reduce((org.apache.spark.api.java.function.ReduceFunction<Long>) Long::sum);
  }

  /**
   * CPU time of the whole JVM (all Spark threads, GC and JIT included): on a machine shared with
   * other work, wall time measures the neighbours too, CPU time mostly what this run did.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static long peakHeapMb() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
  }
}
