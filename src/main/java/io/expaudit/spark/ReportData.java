package io.expaudit.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.expaudit.checks.UnitTimeline;
import io.expaudit.config.FlagHistory;
import io.expaudit.model.Finding;
import io.expaudit.model.Severity;
import io.expaudit.report.FlagSummary;
import io.expaudit.report.ReportModel;
import io.expaudit.report.ReportModel.ConfigVersion;
import io.expaudit.report.ReportModel.DailyUnits;
import io.expaudit.report.ReportModel.FlagReport;
import io.expaudit.report.ReportModel.TimelineEntry;
import io.expaudit.report.ReportModel.WorstUnit;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Collects what {@code report.html} shows beyond the per-flag summaries, from the unit stage's
 * persisted rows: users first seen per day and variant, the worst users per flag with their
 * findings and timelines, and the flag-level findings. Only small results reach the driver.
 */
final class ReportData {
  /** Users shown per flag in the drill-down. */
  static final int WORST_UNITS = 3;
  private static final String NO_VARIANT = "(none)";

  private ReportData() {}

  /**
   * @param out the unit stage's rows ({@link AuditRows#SCHEMA})
   * @param dailyCells the {@link SummaryCells#DAILY} cells, summed
   * @param findings the findings as written to {@code findings/} ({@link AuditRows#FINDING_COLUMNS})
   * @param flagLevelChecks ids of the flag-level checks whose findings are among {@code findings}
   */
  static ReportModel build(ReportModel.Run run, ReportModel.Input input, Collection<FlagSummary> flags,
      FlagHistory history, Dataset<Row> out, List<Row> dailyCells, Dataset<Row> findings,
      List<String> flagLevelChecks) {
    Map<String, Map<LocalDate, Map<String, Long>>> daily = daily(dailyCells);
    Map<String, List<Finding>> flagFindings = new HashMap<>();
    Map<String, List<WorstUnit>> worst = worstUnits(out, findings, flagFindings);
    List<FlagReport> reports = new ArrayList<>();
    for (FlagSummary summary : flags) {
      String key = summary.flagKey;
      List<DailyUnits> days = new ArrayList<>();
      daily.getOrDefault(key, Map.of()).forEach((day, units) -> days.add(new DailyUnits(day, units)));
      List<ConfigVersion> versions = new ArrayList<>();
      for (FlagHistory.FlagVersion v : history.versions(key)) {
        versions.add(new ConfigVersion(v.version(), v.firstSeen()));
      }
      versions.sort(java.util.Comparator.comparing(ConfigVersion::firstSeen));
      reports.add(new FlagReport(summary, flagFindings.getOrDefault(key, List.of()),
          SrmStage.funnel(summary.srm), days,
          versions, worst.getOrDefault(key, List.of())));
    }
    return new ReportModel(run, input, 0.001, flagLevelChecks, reports);
  }

  /** flag → UTC day → variant first logged → users whose first observation fell on that day. */
  private static Map<String, Map<LocalDate, Map<String, Long>>> daily(List<Row> rows) {
    Map<String, Map<LocalDate, Map<String, Long>>> daily = new HashMap<>();
    for (Row r : rows) {
      daily.computeIfAbsent(r.getString(0), k -> new TreeMap<>())
          .computeIfAbsent(LocalDate.ofEpochDay(r.getLong(1)), k -> new TreeMap<>())
          .put(r.isNullAt(2) ? NO_VARIANT : r.getString(2), r.getLong(3));
    }
    return daily;
  }

  /**
   * The {@link #WORST_UNITS} users per flag with the most severe findings (then the most findings,
   * then the most events involved), with those findings and their timelines.
   */
  private static Map<String, List<WorstUnit>> worstUnits(Dataset<Row> out, Dataset<Row> findings,
      Map<String, List<Finding>> flagFindings) {
    Dataset<Row> unitFindings = findings.filter(col("unit_id").isNotNull());
    List<Row> top = unitFindings.groupBy("flag_key", "unit_id")
        .agg(max(when(col("severity").equalTo(Severity.ERROR.name()), 3)
                .when(col("severity").equalTo(Severity.WARN.name()), 2).otherwise(1)).as("worst"),
            count(lit(1)).as("n"), sum("events").as("events"))
        .withColumn("rank", row_number().over(Window.partitionBy("flag_key")
            .orderBy(col("worst").desc(), col("n").desc(), col("events").desc(), col("unit_id").asc())))
        .filter(col("rank").leq(WORST_UNITS))
        .select("flag_key", "unit_id", "rank").collectAsList();
    Map<String, Integer> rank = new HashMap<>();
    for (Row r : top) {
      rank.put(pair(r.getString(0), r.getString(1)), r.getInt(2));
    }
    Object[] keys = rank.keySet().toArray();
    Column chosen = concat_ws("\u0000", col("flag_key"), col("unit_id")).isin(keys);
    // one pass for the flag-level findings and the chosen users' findings
    Map<String, List<Finding>> byUnit = new HashMap<>();
    for (Row r : findings.filter(col("unit_id").isNull().or(chosen)).collectAsList()) {
      Finding f = finding(r);
      if (f.unitId() == null) {
        flagFindings.computeIfAbsent(f.flagKey(), k -> new ArrayList<>()).add(f);
      } else {
        byUnit.computeIfAbsent(pair(f.flagKey(), f.unitId()), k -> new ArrayList<>()).add(f);
      }
    }
    flagFindings.values().forEach(l -> l.sort(FINDING_ORDER));
    byUnit.values().forEach(l -> l.sort(FINDING_ORDER));
    if (rank.isEmpty()) {
      return Map.of();
    }
    Map<String, List<TimelineEntry>> timelines = new HashMap<>();
    Map<String, Integer> omitted = new HashMap<>();
    for (Row r : out.filter(col("kind").equalTo(AuditRows.TIMELINE).and(chosen))
        .select("flag_key", "unit_id", "entries", "value").collectAsList()) {
      String unit = pair(r.getString(0), r.getString(1));
      List<TimelineEntry> entries = new ArrayList<>();
      for (UnitTimeline.Entry e : AuditRows.entries(r.getString(2))) {
        entries.add(new TimelineEntry(Instant.ofEpochMilli(e.time()), Instant.ofEpochMilli(e.lastTime()),
            e.events(), e.eventType(), e.loggedBy() == null ? null : e.loggedBy().name(), e.loggedVariant(),
            e.property(), e.expectedVariant(), e.expectation().name(), e.version(), e.mismatch()));
      }
      timelines.put(unit, entries);
      omitted.put(unit, (int) r.getLong(3));
    }
    Map<String, List<WorstUnit>> worst = new HashMap<>();
    byUnit.entrySet().stream()
        .sorted(java.util.Comparator.comparing(e -> rank.get(e.getKey())))
        .forEach(e -> {
          Finding first = e.getValue().get(0);
          worst.computeIfAbsent(first.flagKey(), k -> new ArrayList<>()).add(new WorstUnit(first.unitId(),
              first.userId(), first.deviceId(), first.amplitudeId(), e.getValue(),
              timelines.getOrDefault(e.getKey(), List.of()), omitted.getOrDefault(e.getKey(), 0)));
        });
    return worst;
  }

  private static final java.util.Comparator<Finding> FINDING_ORDER = java.util.Comparator
      .comparing(Finding::check).thenComparing(Finding::cause, java.util.Comparator.nullsFirst(String::compareTo))
      .thenComparing(f -> f.detail() == null ? "" : f.detail());

  private static String pair(String flagKey, String unitId) {
    return flagKey + "\u0000" + unitId;
  }

  /** A row of {@link AuditRows#FINDING_COLUMNS} as a {@link Finding}. */
  private static Finding finding(Row r) {
    return new Finding(r.getString(0), Severity.valueOf(r.getString(1)), r.getString(2), r.getString(3),
        r.getString(4), r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getString(9),
        r.isNullAt(10) ? null : r.getLong(10), r.getString(11), millis(r.getTimestamp(12)),
        millis(r.getTimestamp(13)), r.isNullAt(14) ? 0 : r.getLong(14), r.isNullAt(15) ? null : r.getDouble(15),
        r.getString(16));
  }

  private static Long millis(Timestamp t) {
    return t == null ? null : t.getTime();
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
