package io.expaudit.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.xxhash64;

import io.expaudit.checks.ExpectedAssignments;
import io.expaudit.checks.NullPropertyLeakCheck;
import io.expaudit.checks.UnitAuditor;
import io.expaudit.config.AllocationConfig;
import io.expaudit.config.ConfigException;
import io.expaudit.config.DistributionConfig;
import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagHistory;
import io.expaudit.config.SegmentConfig;
import io.expaudit.config.Settings;
import io.expaudit.events.ExportEventParser;
import io.expaudit.eval.Semantics;
import io.expaudit.lint.ConfigLinter;
import io.expaudit.lint.LintSettings;
import io.expaudit.stats.FlagSrm;
import io.expaudit.stats.SequentialStates;
import io.expaudit.stats.SrmAnalysis;
import io.expaudit.stats.SrmReport;
import io.expaudit.stats.SrmSettings;
import io.expaudit.model.Severity;
import io.expaudit.report.FlagSummary;
import io.expaudit.report.HtmlReport;
import io.expaudit.report.ReportModel;
import io.expaudit.report.SummaryJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The audit on Spark (DESIGN.md, Pipeline). The events are read once: every line becomes a row
 * keyed by its analysis unit (or a quarantine row), one shuffle groups them by unit, and the pure
 * {@link UnitAuditor} runs per unit on the executors. Its small output is persisted and split into
 * {@code findings/}, {@code quarantine/}, the per-flag {@code summary.json} and {@code report.html},
 * all written through {@link AtomicOutput}.
 */
public final class AuditPipeline {

  /** What to audit and where to write it. */
  public record Options(String flags, String events, String out, Instant from, Instant to,
      String format, Semantics semantics, String cohorts, Settings settings, String state) {}

  /** What the run found, for the exit status. */
  public record Outcome(long findings, Severity worst, Map<String, Long> input, int flags) {}

  private final SparkSession spark;
  private final PrintWriter log;

  public AuditPipeline(SparkSession spark, PrintWriter log) {
    this.spark = spark;
    this.log = log;
  }

  public Outcome run(Options o) throws IOException {
    long started = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    FlagHistory history = Inputs.flagHistory(o.flags(), hadoop);
    int versions = history.flagKeys().stream().mapToInt(k -> history.versions(k).size()).sum();
    progress(started, "flags: %d snapshots, %d flags, %d versions", history.snapshots().size(),
        history.flagKeys().size(), versions);
    List<String> files = Inputs.files(o.events(), hadoop, "events");
    List<String> parquet = files.stream().filter(f -> f.endsWith(".parquet")).toList();
    List<String> json = files.stream().filter(f -> !f.endsWith(".parquet")).toList();
    progress(started, "events: %d files (%d JSON lines, %d Parquet)", files.size(), json.size(),
        parquet.size());

    ExportEventParser parser = new ExportEventParser(
        o.settings().contextFields(), o.settings().unitPrecedence());
    Long from = o.from() == null ? null : o.from().toEpochMilli();
    Long to = o.to() == null ? null : o.to().toEpochMilli();
    Dataset<Row> lines = spark.createDataFrame(jsonLines(json, hadoop, from, to, parser), EventLines.SCHEMA);
    if (!parquet.isEmpty()) {
      lines = lines.unionByName(parquetLines(parquet, from, to, parser));
    }
    Map<String, List<String>> cohorts = null;
    if (o.cohorts() != null) {
      cohorts = new java.util.HashMap<>(Inputs.cohorts(o.cohorts(), hadoop));
      progress(started, "cohorts: membership of %d users", cohorts.size());
    }
    UnitAuditor auditor = new UnitAuditor(
        new ExpectedAssignments(history, o.semantics(), cohorts != null), UnitAuditor.defaultChecks(),
        SrmSettings.from(o.settings()).sliceDimensions());
    // One shuffle by unit, sorted so that a unit's rows are adjacent: the stage reads each row
    // once (groupByKey would deserialize every row twice, once just to compute its key). Sorted
    // by the key's 64-bit hash alone: a single long is radix-sorted without comparing rows (ids
    // share long prefixes, "10000...", which made comparisons of the keys themselves costly);
    // the unit stage sorts out the rare keys that share a hash.
    Dataset<Row> out = lines
        .repartition(col("key"))
        .withColumn(UnitStage.KEY_HASH, xxhash64(col("key")))
        .sortWithinPartitions(col(UnitStage.KEY_HASH))
        .mapPartitions(new UnitStage(auditor, cohorts), Encoders.row(AuditRows.SCHEMA))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return write(o, history, out, started, files.size());
    } finally {
      out.unpersist();
    }
  }

  private Outcome write(Options o, FlagHistory history, Dataset<Row> out, long started,
      int fileCount) throws IOException {
    Map<String, Long> input = new LinkedHashMap<>();
    for (String name : List.of("rows_read", "rows_quarantined", "duplicates_dropped", "rows_outside_window")) {
      input.put(name, 0L);
    }
    Map<String, List<Row>> cells = SummaryCells.sumAll(out);
    for (Row r : cells.get(EventLines.STAT)) {
      input.put(r.getString(0), r.getLong(1));
    }
    progress(started, "read %d rows: %d quarantined, %d duplicates dropped, %d outside the window",
        input.get("rows_read"), input.get("rows_quarantined"), input.get("duplicates_dropped"),
        input.get("rows_outside_window"));
    long kept = input.get("rows_read") - input.get("rows_quarantined") - input.get("rows_outside_window");
    if (kept <= 0) {
      throw new ConfigException("no valid events" + (o.from() == null && o.to() == null ? "" : " in the window ["
          + o.from() + ", " + o.to() + ")") + " under " + o.events() + ": " + input.get("rows_read")
          + " rows read, " + input.get("rows_quarantined") + " quarantined, "
          + input.get("rows_outside_window") + " outside the window; nothing written");
    }

    Map<String, FlagSummary> flags = new TreeMap<>();
    for (Row r : cells.get(SummaryCells.FLAG)) {
      flags.computeIfAbsent(r.getString(0), FlagSummary::new)
          .addUnits(r.getLong(9), r.getString(1), r.getString(2), r.getBoolean(3), r.getBoolean(4),
              r.getBoolean(5), r.getString(6), r.getBoolean(7), r.getBoolean(8));
    }
    Set<String> assigningFlags = new TreeSet<>();
    flags.values().stream().filter(f -> f.logsAssignments).forEach(f -> assigningFlags.add(f.flagKey));
    for (FlagSummary f : flags.values()) {
      List<FlagHistory.FlagVersion> v = history.versions(f.flagKey);
      f.chanceAgreement = v.isEmpty() ? null : chanceAgreement(v.get(v.size() - 1).config());
    }
    long units = flags.values().stream().mapToLong(f -> f.units).sum();
    progress(started, "audited %d unit-flag pairs over %d flags", units, flags.size());

    Column noAssignments = assigningFlags.isEmpty()
        ? lit(true)
        : col("flag_key").isin(assigningFlags.toArray()).unary_$bang();
    Dataset<Row> findings = out.filter(col("kind").equalTo(AuditRows.FINDING))
        .filter(col("check").equalTo(NullPropertyLeakCheck.ID)
            .and(col("cause").equalTo(NullPropertyLeakCheck.EXPOSURE_WITHOUT_ASSIGNMENT))
            .and(noAssignments).unary_$bang())
        .select(AuditRows.findingColumns());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<Row> flagLevel = new ArrayList<>();
    SrmReport srm = flagLevelFindings(o, history, cells, flags, flagLevel, hadoop, started);
    List<String> flagLevelChecks = new ArrayList<>();
    ConfigLinter.LINTS.forEach(lint -> flagLevelChecks.add(lint.id()));
    flagLevelChecks.add(SrmAnalysis.CHECK);
    findings = findings.unionByName(spark.createDataFrame(flagLevel, AuditRows.SCHEMA)
        .select(AuditRows.findingColumns()));
    long findingCount = 0;
    Severity worst = null;
    for (Row r : findings.groupBy("flag_key", "check", "cause", "severity").count().collectAsList()) {
      flags.computeIfAbsent(r.getString(0), FlagSummary::new)
          .addFindings(r.getString(1), r.getString(2), r.getString(3), r.getLong(4));
      findingCount += r.getLong(4);
      Severity s = Severity.valueOf(r.getString(3));
      worst = worst == null || s.atLeast(worst) ? s : worst;
    }
    progress(started, "%d findings%s", findingCount, worst == null ? "" : ", worst " + worst);

    AtomicOutput output = AtomicOutput.begin(o.out(), hadoop);
    try {
      findings.orderBy("flag_key", "unit_id", "check", "cause").coalesce(1).write().format(o.format().equals("json") ? "json" : o.format())
          .option("header", "true").save(output.path("findings"));
      out.filter(col("kind").equalTo(EventLines.QUARANTINE))
          .select("source", "line", "reason", "raw").orderBy("source", "line").coalesce(1).write()
          .json(output.path("quarantine"));
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("tool", "expaudit");
      run.put("semantics", o.semantics().name().toLowerCase(Locale.ROOT));
      run.put("flags", o.flags());
      run.put("events", o.events());
      run.put("event_files", fileCount);
      run.put("from", o.from() == null ? null : o.from().toString());
      run.put("to", o.to() == null ? null : o.to().toString());
      run.put("cohorts", o.cohorts());
      run.put("snapshots", history.snapshots().size());
      run.put("settings", o.settings().asMap());
      run.put("spark_version", spark.version());
      output.writeText("summary.json", SummaryJson.render(run, input, flags.values()));
      long reportStarted = System.nanoTime();
      ReportModel report = ReportData.build(
          new ReportModel.Run(o.flags(), o.events(), fileCount, history.snapshots().size(), o.from(), o.to(),
              o.cohorts(), o.semantics().name().toLowerCase(Locale.ROOT), spark.version(), Instant.now()),
          new ReportModel.Input(input.get("rows_read"), input.get("rows_quarantined"),
              input.get("duplicates_dropped"), input.get("rows_outside_window")),
          flags.values(), history, out, cells.get(SummaryCells.DAILY), findings, flagLevelChecks);
      output.writeText("report.html", HtmlReport.render(report));
      progress(started, "report.html: %d flags, %d users in its drill-down, in %.1fs", report.flags().size(),
          report.flags().stream().mapToInt(f -> f.worstUnits().size()).sum(),
          (System.nanoTime() - reportStarted) / 1e9);
      output.commit();
      if (o.state() != null) { // only once the results are in place: a failed run is no look
        SrmStateStore.write(o.state(), srm.states(), hadoop);
      }
    } catch (IOException | RuntimeException e) {
      output.abort();
      throw e;
    }
    progress(started, "wrote %s (summary.json, report.html, findings/ as %s, quarantine/)", o.out(), o.format());
    return new Outcome(findingCount, worst, input, flags.size());
  }

  /**
   * The flag-level findings (DESIGN.md, Checks) into {@code rows}: the config lints of the whole
   * history, and sample-ratio mismatch per flag version with the sequential test continuing from
   * {@code --state}; each flag's {@code srm} goes into its summary.
   */
  private SrmReport flagLevelFindings(Options o, FlagHistory history, Map<String, List<Row>> cells,
      Map<String, FlagSummary> flags, List<Row> rows, Configuration hadoop, long started)
      throws IOException {
    ConfigLinter.lint(history, LintSettings.from(o.settings())).forEach(f -> rows.add(AuditRows.finding(f)));
    SequentialStates previous = o.state() == null ? SequentialStates.empty()
        : SrmStateStore.read(o.state(), hadoop);
    SrmReport srm = SrmStage.analyse(cells, history, SrmSettings.from(o.settings()), previous, lookId(o));
    srm.findings().forEach(f -> rows.add(AuditRows.finding(f)));
    for (FlagSrm f : srm.flags()) {
      flags.computeIfAbsent(f.flagKey(), FlagSummary::new).srm = f;
    }
    progress(started, "sample-ratio tests on %d flags, %d flagged", srm.flags().size(),
        srm.flags().stream().filter(FlagSrm::flagged).count());
    return srm;
  }

  /**
   * The sequential test's look of this run: the window's end day (else today, UTC), so that a
   * rerun of the same night replaces its look instead of adding one.
   */
  private static String lookId(Options o) {
    Instant at = o.to() != null ? o.to() : Instant.now();
    return java.time.LocalDate.ofInstant(at, java.time.ZoneOffset.UTC).toString();
  }

  private JavaRDD<Row> jsonLines(List<String> files, Configuration hadoop, Long from, Long to,
      ExportEventParser parser) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    if (files.isEmpty()) {
      return jsc.emptyRDD();
    }
    SerializableConfiguration conf = new SerializableConfiguration(hadoop);
    // a few files per task: one task per hourly file would spend more on scheduling than reading
    int slices = Math.min(files.size(), Math.max(1, jsc.defaultParallelism() * 4));
    return jsc.parallelize(files, slices)
        .flatMap((FlatMapFunction<String, Row>) f -> EventLines.readFile(f, conf.value(), from, to, parser));
  }

  private Dataset<Row> parquetLines(List<String> files, Long from, Long to, ExportEventParser parser) {
    return spark.read().parquet(files.toArray(new String[0]))
        .select(to_json(struct(col("*"))).as("text"), input_file_name().as("file"))
        .mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
          List<Row> out = new ArrayList<>();
          Map<String, EventLines.FileResult> results = new LinkedHashMap<>();
          long row = 0;
          while (rows.hasNext()) {
            Row r = rows.next();
            String file = r.getString(1);
            EventLines.accept(r.getString(0), file, ++row, from, to, parser,
                results.computeIfAbsent(file, k -> new EventLines.FileResult()), out);
          }
          results.forEach((file, c) -> c.addTo(out, file));
          return out.iterator();
        }, Encoders.row(EventLines.SCHEMA));
  }

  /**
   * The agreement a random logger with the same split would reach, Σ p_i² over the variants of the
   * flag's last bucketed segment, the unallocated share counted as the default (DESIGN.md, Report).
   */
  static Double chanceAgreement(FlagConfig config) {
    for (int i = config.segments().size() - 1; i >= 0; i--) {
      SegmentConfig segment = config.segments().get(i);
      if (segment.bucket() == null || segment.bucket().allocations().isEmpty()) {
        continue;
      }
      AllocationConfig allocation = segment.bucket().allocations().get(0);
      double allocated = Math.max(0, Math.min(100, allocation.end()) - Math.max(0, allocation.start())) / 100.0;
      Map<String, Double> shares = new TreeMap<>();
      long covered = 0;
      for (DistributionConfig d : allocation.distributions()) {
        long start = Math.max(d.start(), covered);
        long end = Math.min(d.end(), 42949673L);
        if (end > start) {
          shares.merge(d.variant(), allocated * (end - start) / 42949673.0, Double::sum);
          covered = end;
        }
      }
      double sum = 1.0 - shares.values().stream().mapToDouble(Double::doubleValue).sum();
      double total = sum * sum;
      for (double p : shares.values()) {
        total += p * p;
      }
      return total;
    }
    return null;
  }

  private void progress(long started, String format, Object... args) {
    log.printf(Locale.ROOT, "expaudit audit: [%6.1fs] %s%n", (System.nanoTime() - started) / 1e9,
        String.format(Locale.ROOT, format, args));
    log.flush();
  }
}
