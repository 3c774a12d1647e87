package io.expaudit.report;

import io.expaudit.model.Finding;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code report.html} shows (DESIGN.md, Outputs), collected by the audit and rendered by
 * {@link HtmlReport}. Sections whose data the audit does not produce yet are empty lists and the
 * page says so; nothing is filled in here.
 *
 * @param alpha the significance level the funnel's p-values are read against (DESIGN.md: 0.001)
 * @param flagLevelChecks ids of the flag-level checks (config lints, SRM) this audit ran, so that
 *     "no finding" is told apart from "not checked"; empty when none ran
 * @param flags one entry per audited flag
 */
public record ReportModel(Run run, Input input, double alpha, List<String> flagLevelChecks,
    List<FlagReport> flags) {

  public ReportModel {
    flagLevelChecks = List.copyOf(flagLevelChecks);
    flags = List.copyOf(flags);
  }

  /**
   * What was audited and how.
   *
   * @param from window start or null, {@code to} window end (exclusive) or null
   * @param generatedAt when the audit wrote the report
   */
  public record Run(String flagsPath, String eventsPath, int eventFiles, int snapshots,
      Instant from, Instant to, String cohortsPath, String semantics, String sparkVersion,
      Instant generatedAt) {}

  /** Row counts of the event input (DESIGN.md, Definitions: malformed row). */
  public record Input(long rowsRead, long rowsQuarantined, long duplicatesDropped,
      long rowsOutsideWindow) {}

  /**
   * One flag's section.
   *
   * @param summary the flag's {@code summary.json} figures (read only here)
   * @param flagFindings flag-level findings (config lints, SRM): unit columns null
   * @param funnel SRM per stage, recomputed → assigned → exposed → analysed; empty when not computed
   * @param daily units first seen per UTC day and variant, oldest first
   * @param configVersions the flag's config versions and when each was first captured
   * @param worstUnits the units with the most severe findings, worst first
   */
  public record FlagReport(FlagSummary summary, List<Finding> flagFindings,
      List<FunnelStage> funnel, List<DailyUnits> daily, List<ConfigVersion> configVersions,
      List<WorstUnit> worstUnits) {

    public FlagReport {
      flagFindings = List.copyOf(flagFindings);
      funnel = List.copyOf(funnel);
      daily = List.copyOf(daily);
      configVersions = List.copyOf(configVersions);
      worstUnits = List.copyOf(worstUnits);
    }

    public String flagKey() {
      return summary.flagKey;
    }
  }

  /**
   * One stage of the SRM funnel (DESIGN.md, Report: recomputed → assigned → exposed → analysed).
   *
   * @param unitsByVariant distinct units per variant at this stage
   * @param pValue the stage's SRM p-value against the expected split, or null when not tested
   */
  public record FunnelStage(String name, Map<String, Long> unitsByVariant, Double pValue) {
    public FunnelStage {
      unitsByVariant = ordered(unitsByVariant);
    }
  }

  /** Units whose first observation of the flag fell on {@code day} (UTC), per logged variant. */
  public record DailyUnits(LocalDate day, Map<String, Long> unitsByVariant) {
    public DailyUnits {
      unitsByVariant = ordered(unitsByVariant);
    }
  }

  /** A config version of the flag and the capture time of the first snapshot holding it. */
  public record ConfigVersion(long version, Instant firstSeen) {}

  /**
   * A unit with findings, for the drill-down.
   *
   * @param findings the unit's findings on this flag
   * @param timeline what the unit's events logged, compacted, oldest first; empty when the audit
   *     did not keep it
   * @param timelineOmitted entries left out after the first {@code timeline.size()}
   */
  public record WorstUnit(String unitId, String userId, String deviceId, String amplitudeId,
      List<Finding> findings, List<TimelineEntry> timeline, int timelineOmitted) {
    public WorstUnit {
      findings = List.copyOf(findings);
      timeline = List.copyOf(timeline);
    }
  }

  /**
   * One event of a unit's timeline, or a run of consecutive events that logged the same thing.
   *
   * @param events how many consecutive events this entry stands for (1 for a single event)
   * @param lastTime time of the last of them
   * @param loggedBy {@code ASSIGNMENT} or {@code EXPOSURE} when the event itself logged a variant
   *     for the flag, else null
   * @param loggedVariant the variant the assignment or exposure logged, or null
   * @param property the {@code [Experiment] <flag>} user property's variant, or null when missing
   * @param expectedVariant the recomputed variant, or null for none or unknown
   * @param expectation how the expectation was reached ({@code VERIFIED}, {@code VERSION_UNKNOWN}, ...)
   * @param configVersion the config version in force for the event, or null
   * @param mismatch the {@code ASSIGNMENT_MISMATCH} cause when this event disagrees, else null
   */
  public record TimelineEntry(Instant time, Instant lastTime, int events, String eventType,
      String loggedBy, String loggedVariant, String property, String expectedVariant,
      String expectation, Long configVersion, String mismatch) {}

  private static Map<String, Long> ordered(Map<String, Long> counts) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(counts));
  }
}
