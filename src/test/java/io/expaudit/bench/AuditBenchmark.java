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
 * in one JVM (see {@code bench/audit-benchmark.sh}).
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

      resetPeaks();
      long c0 = processCpuNanos();
      long t0 = System.nanoTime();
      long users = spark.read().schema("amplitude_id LONG, user_id STRING, device_id STRING")
          .option("recursiveFileLookup", "true")
          .json(eventsDir).groupBy("amplitude_id").count().count();
      double baseline = (System.nanoTime() - t0) / 1e9;
      double baselineCpu = (processCpuNanos() - c0) / 1e9;
      long baselinePeak = peakHeapMb();

      // A second reference: the same read and grouping the audit must do, without the audit.
      resetPeaks();
      c0 = processCpuNanos();
      t0 = System.nanoTime();
      long grouped = groupEventsByUser(spark, eventsDir);
      double grouping = (System.nanoTime() - t0) / 1e9;
      double groupingCpu = (processCpuNanos() - c0) / 1e9;
      if (grouped != users) {
        throw new IllegalStateException("the two baselines disagree: " + grouped + " vs " + users + " users");
      }

      resetPeaks();
      c0 = processCpuNanos();
      t0 = System.nanoTime();
      AuditPipeline.Outcome outcome = new AuditPipeline(spark, System.getenv("AUDIT_BENCH_STAGES") != null
          ? new PrintWriter(System.err, true) : new PrintWriter(new StringWriter()))
          .run(new AuditPipeline.Options(world.resolve("flags").toString(), eventsDir,
              work.resolve("out-" + events).toString(), null, null, "parquet", Semantics.KOTLIN, null,
              Settings.defaults(), null));
      double audit = (System.nanoTime() - t0) / 1e9;
      double auditCpu = (processCpuNanos() - c0) / 1e9;
      long auditPeak = peakHeapMb();
      if (System.getenv("AUDIT_BENCH_STAGES") != null) {
        System.err.printf(Locale.ROOT, "world-%d: baseline %.1f s, audit %.1f s%n", events, baseline, audit);
        stages.drain().forEach(System.err::println);
      }
      long read = outcome.input().get("rows_read");
      if (warmUp) {
        continue;
      }
      if (firstEvents == 0) {
        firstEvents = read;
        firstAuditSeconds = audit;
      }
      rows.add(String.format(Locale.ROOT,
          "| %,d | %,d | %.1f s | %,.0f | %.1f s | %,.0f | %.2f× | %.0f s / %.0f s = %.2f× | %,d MB | %,d MB | %.2f |",
          read, users, baseline, read / baseline, audit, read / audit, audit / baseline,
          auditCpu, baselineCpu, auditCpu / baselineCpu, baselinePeak, auditPeak, (audit / firstAuditSeconds) / ((double) read / firstEvents)));
      groupingRows.add(String.format(Locale.ROOT, "| %,d | %.1f s | %.0f s | %.2f× | %.2f× |",
          read, grouping, groupingCpu, audit / grouping, auditCpu / groupingCpu));
    }
    System.out.println("| events read | units | baseline (read + group by user) | baseline events/s"
        + " | audit | audit events/s | audit / baseline | CPU time, audit / baseline"
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
