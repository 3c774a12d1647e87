package io.expaudit.report;

import io.expaudit.model.Finding;
import io.expaudit.model.Severity;
import io.expaudit.report.ReportModel.ConfigVersion;
import io.expaudit.report.ReportModel.DailyUnits;
import io.expaudit.report.ReportModel.FlagReport;
import io.expaudit.report.ReportModel.TimelineEntry;
import io.expaudit.report.ReportModel.WorstUnit;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-built report models for the report tests. */
final class ReportFixtures {
  static final Instant MONDAY = Instant.parse("2026-11-16T00:00:00Z");

  private ReportFixtures() {}

  static ReportModel model(List<FlagReport> flags) {
    return new ReportModel(
        new ReportModel.Run("flags/", "events/", 163, 4, null, null, null, "kotlin", "4.2.0", MONDAY.plusSeconds(7 * 86400)),
        new ReportModel.Input(3231, 9, 36, 0), 0.001, List.of("SEGMENT_STARVATION", "SALT_REUSE"), flags);
  }

  /** A flag whose 100 users all agree: 50 control, 50 treatment. */
  static FlagSummary healthy(String key) {
    FlagSummary s = new FlagSummary(key);
    s.addUnits(50, "control", "control", true, true, false, "control", true, false);
    s.addUnits(50, "treatment", "treatment", true, true, false, "treatment", true, false);
    s.chanceAgreement = 0.5;
    return s;
  }

  /** 8 bucket mismatches (ERROR), 4 unexplained jumps (ERROR), 4 unknown versions (WARN). */
  static FlagSummary broken(String key) {
    FlagSummary s = new FlagSummary(key);
    s.addUnits(84, "control", "control", true, true, false, "control", true, false);
    s.addUnits(8, "control", "treatment", true, false, false, "treatment", true, false);
    s.addUnits(4, "control", "control", true, true, true, "control", true, false);
    s.addUnits(4, null, "treatment", false, false, false, "treatment", true, false);
    s.addFindings("ASSIGNMENT_MISMATCH", "BUCKET", "ERROR", 8);
    s.addFindings("VARIANT_JUMP", "UNEXPLAINED", "ERROR", 4);
    s.addFindings("ASSIGNMENT_MISMATCH", "CONFIG_VERSION_UNKNOWN", "WARN", 4);
    s.chanceAgreement = 0.5;
    return s;
  }

  /** 25 jumps after a reweight (WARN only). */
  static FlagSummary warned(String key) {
    FlagSummary s = new FlagSummary(key);
    s.addUnits(75, "control", "control", true, true, false, "control", true, false);
    s.addUnits(25, "tour", "control", true, true, true, "control", true, false);
    s.addFindings("VARIANT_JUMP", "CONFIG_CHANGE", "WARN", 25);
    s.chanceAgreement = 0.68;
    return s;
  }

  static FlagReport plain(FlagSummary summary) {
    return new FlagReport(summary, List.of(), List.of(), List.of(), List.of(), List.of());
  }

  static List<DailyUnits> week() {
    List<DailyUnits> days = new ArrayList<>();
    for (int d = 0; d < 7; d++) {
      days.add(new DailyUnits(LocalDate.of(2026, 11, 16 + d), Map.of("control", 10L + d, "treatment", 9L + d)));
    }
    return days;
  }

  static List<ConfigVersion> versions() {
    return List.of(new ConfigVersion(2, MONDAY), new ConfigVersion(3, MONDAY.plusSeconds(2 * 86400 + 43200)));
  }

  static Finding unitFinding(String check, Severity severity, String key, String unit, String cause, String detail) {
    return new Finding(check, severity, key, unit, "usr-" + unit, "dev-" + unit, unit, "control", "treatment",
        cause, 3L, "All Other Users", MONDAY.toEpochMilli(), MONDAY.plusSeconds(3600).toEpochMilli(), 2, null, detail);
  }

  static WorstUnit worst(String key, String unit) {
    return new WorstUnit(unit, "usr-" + unit, "dev-" + unit, unit,
        List.of(unitFinding("ASSIGNMENT_MISMATCH", Severity.ERROR, key, unit, "BUCKET", "recomputed control")),
        List.of(
            new TimelineEntry(MONDAY, MONDAY, 1, "[Experiment] Assignment", "ASSIGNMENT", "treatment", "treatment",
                "control", "VERIFIED", 3L, "BUCKET"),
            new TimelineEntry(MONDAY.plusSeconds(60), MONDAY.plusSeconds(600), 12, "page_view", null, null, "treatment",
                "control", "VERIFIED", 3L, null)),
        0);
  }
}
