package io.expaudit.lint;

import io.expaudit.config.FlagHistory;
import io.expaudit.model.Finding;
import io.expaudit.model.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs every config lint over a flag history: the entry point of {@code lint-config} and of the
 * audit's flag-level lint findings (DESIGN.md, Pipeline step 1).
 *
 * <p>Per-version lints report each version; the same finding (same lint, flag, segment, cause and
 * message) on several versions is merged into one row carrying the newest version and the span
 * from the oldest version's first capture to the newest's last. A severity configured for a lint
 * ({@link LintSettings#severities()}) replaces its default severity; findings a lint reports
 * below its default (INFO forecasts of rollout changes, targeting notes) stay as they are.
 */
public final class ConfigLinter {
  /** All lints, in the order of DESIGN.md's table. */
  public static final List<ConfigLint> LINTS = List.of(
      new SegmentStarvationLint(),
      new UnreachableSegmentLint(),
      new SaltReuseLint(),
      new UnequalWeightsLint(),
      new FallbackNotControlLint(),
      new NamingConventionLint(),
      new DependencyCycleLint(),
      new StaleFlagLint(),
      new ReweightJumpForecastLint());

  private ConfigLinter() {}

  /**
   * The lint findings of {@code history} as {@code findings/} rows: flag-level (unit columns null),
   * with {@code check}, {@code severity}, {@code flag_key}, {@code flag_version}, {@code segment}
   * (or null), {@code cause}, {@code first_seen}/{@code last_seen} (the versions' capture span) and
   * a {@code detail} that ends with the fix hint. Sorted by flag, then worst first.
   */
  public static List<Finding> lint(FlagHistory history, LintSettings settings) {
    return run(history, settings).stream().map(LintFinding::toFinding).toList();
  }

  /** The same findings with the message and fix hint apart, for {@code lint-config}. */
  public static List<LintFinding> run(FlagHistory history, LintSettings settings) {
    Map<List<Object>, LintFinding> merged = new LinkedHashMap<>();
    for (ConfigLint lint : LINTS) {
      if (!settings.enabled(lint.id())) {
        continue;
      }
      Severity configured = settings.severityOf(lint.id(), lint.severity());
      for (LintFinding finding : lint.lint(history, settings)) {
        LintFinding f = finding.severity() == lint.severity() ? finding.withSeverity(configured) : finding;
        List<Object> key = List.of(f.check(), f.flagKey(), Objects.toString(f.segment()),
            Objects.toString(f.cause()), f.message());
        LintFinding known = merged.get(key);
        if (known == null) {
          merged.put(key, f);
        } else {
          boolean newer = compareVersions(f.flagVersion(), known.flagVersion()) >= 0;
          merged.put(key, newer ? f.spanning(known) : known.spanning(f));
        }
      }
    }
    List<LintFinding> findings = new ArrayList<>(merged.values());
    findings.sort(Comparator.comparing(LintFinding::flagKey)
        .thenComparing(LintFinding::severity, Comparator.reverseOrder())
        .thenComparing(LintFinding::check)
        .thenComparing(f -> f.flagVersion() == null ? -1L : f.flagVersion())
        .thenComparing(f -> Objects.toString(f.segment(), "")));
    return findings;
  }

  private static int compareVersions(Long a, Long b) {
    return Long.compare(a == null ? -1 : a, b == null ? -1 : b);
  }

  /** The lint with this id, or null. */
  public static ConfigLint byId(String id) {
    for (ConfigLint lint : LINTS) {
      if (lint.id().equals(id)) {
        return lint;
      }
    }
    return null;
  }
}
