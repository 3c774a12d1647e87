package io.expaudit.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * One flag's line of {@code summary.json} (DESIGN.md, Outputs), accumulated from per-unit counts.
 * The {@code srm} object is absent when no version of the flag could be tested; nothing is faked.
 */
public final class FlagSummary {
  public final String flagKey;
  public long units;
  public long verifiedUnits;
  public long agreeingUnits;
  public long jumpers;
  public long unverifiableUnits;
  public boolean logsAssignments;
  public Double chanceAgreement;
  public final Map<String, Long> expected = new TreeMap<>();
  public final Map<String, Long> observed = new TreeMap<>();
  public final Map<String, Long> unitsByFirstVariant = new TreeMap<>();
  public final Map<String, Long> jumpersByFirstVariant = new TreeMap<>();
  /** check id → cause → count */
  public final Map<String, Map<String, Long>> findings = new TreeMap<>();
  /** check id → cause → the most severe severity among those findings */
  public final Map<String, Map<String, String>> severities = new TreeMap<>();
  public String worstSeverity;
  /** The flag's sample-ratio-mismatch tests, or null when none could be run (no flag version). */
  public io.expaudit.stats.FlagSrm srm;

  public FlagSummary(String flagKey) {
    this.flagKey = flagKey;
  }

  /** Adds {@code count} units with the same per-unit facts. */
  public void addUnits(long count, String expectedVariant, String observedVariant, boolean verified,
      boolean agrees, boolean jumped, String firstNonDefault, boolean hasAssignment,
      boolean unverifiable) {
    units += count;
    if (unverifiable) {
      unverifiableUnits += count;
    }
    if (verified) {
      verifiedUnits += count;
    }
    if (agrees) {
      agreeingUnits += count;
    }
    if (jumped) {
      jumpers += count;
    }
    logsAssignments |= hasAssignment;
    expected.merge(expectedVariant == null ? "(none)" : expectedVariant, count, Long::sum);
    observed.merge(observedVariant == null ? "(none)" : observedVariant, count, Long::sum);
    if (firstNonDefault != null) {
      unitsByFirstVariant.merge(firstNonDefault, count, Long::sum);
      if (jumped) {
        jumpersByFirstVariant.merge(firstNonDefault, count, Long::sum);
      }
    }
  }

  public void addFindings(String check, String cause, String severity, long count) {
    String key = cause == null ? "(none)" : cause;
    findings.computeIfAbsent(check, c -> new TreeMap<>()).merge(key, count, Long::sum);
    severities.computeIfAbsent(check, c -> new TreeMap<>())
        .merge(key, severity, (a, b) -> rank(b) > rank(a) ? b : a);
    if (worstSeverity == null || rank(severity) > rank(worstSeverity)) {
      worstSeverity = severity;
    }
  }

  static int rank(String severity) {
    return switch (severity) {
      case "ERROR" -> 3;
      case "WARN" -> 2;
      case "INFO" -> 1;
      default -> 0;
    };
  }

  /** Verified units whose logs agree with the recomputation, or null when none is verified. */
  public Double agreementRate() {
    return verifiedUnits == 0 ? null : (double) agreeingUnits / verifiedUnits;
  }
}
