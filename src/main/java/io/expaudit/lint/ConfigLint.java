package io.expaudit.lint;

import io.expaudit.config.FlagHistory;
import io.expaudit.config.FlagHistory.FlagVersion;
import io.expaudit.model.Severity;
import java.util.List;
import java.util.Map;

/**
 * One config lint: a pure function from a deployment's flag history to findings. Each
 * implementation's javadoc defines what it reports.
 */
public interface ConfigLint {
  /** The stable id, written to the {@code check} column, e.g. {@code SEGMENT_STARVATION}. */
  String id();

  /** The default severity of its findings (a finding may be INFO where the class says so). */
  Severity severity();

  /** One paragraph for people: the risk this lint guards against. */
  String explanation();

  /** What to do about a finding. */
  String fixHint();

  List<LintFinding> lint(FlagHistory history, LintSettings settings);

  /** A finding on one version of a flag, at the lint's severity. */
  default LintFinding finding(FlagVersion version, String segment, String cause, String message) {
    return finding(version, severity(), segment, cause, message, Map.of());
  }

  default LintFinding finding(FlagVersion version, Severity severity, String segment, String cause,
      String message, Map<String, Double> measures) {
    return new LintFinding(id(), severity, version.flagKey(), version.version(), segment, cause,
        message, fixHint(), version.firstSeen(), version.lastSeen(), measures);
  }
}
