package io.expaudit.lint;

import io.expaudit.model.Finding;
import io.expaudit.model.Severity;
import java.time.Instant;
import java.util.Map;

/**
 * One lint result, before it becomes a {@link Finding} row: the message and the fix hint are kept
 * apart for {@code lint-config}'s text output, and {@code measures} holds the numbers behind the
 * message (e.g. {@code changed_share}) for its JSON output.
 *
 * @param flagVersion the newest version the finding holds for, or null when not version-bound
 * @param segment the segment's name (or {@code #n}, 1-based, when it has none), or null
 * @param cause a sub-kind of the lint, e.g. {@code ZERO_ROLLOUT}
 * @param firstSeen first capture of the oldest version the finding holds for
 * @param lastSeen last capture of the newest version the finding holds for
 */
public record LintFinding(
    String check,
    Severity severity,
    String flagKey,
    Long flagVersion,
    String segment,
    String cause,
    String message,
    String fix,
    Instant firstSeen,
    Instant lastSeen,
    Map<String, Double> measures) {

  public LintFinding {
    measures = measures == null ? Map.of() : measures;
  }

  LintFinding withSeverity(Severity s) {
    return new LintFinding(check, s, flagKey, flagVersion, segment, cause, message, fix,
        firstSeen, lastSeen, measures);
  }

  LintFinding spanning(LintFinding older) {
    Instant first = older.firstSeen != null && (firstSeen == null || older.firstSeen.isBefore(firstSeen))
        ? older.firstSeen : firstSeen;
    return new LintFinding(check, severity, flagKey, flagVersion, segment, cause, message, fix,
        first, lastSeen, measures);
  }

  /**
   * The {@code findings/} row (DESIGN.md, Outputs): a flag-level finding, unit columns null, the
   * fix hint appended to the detail.
   */
  public Finding toFinding() {
    return new Finding(check, severity, flagKey, null, null, null, null, null, null, cause,
        flagVersion, segment, firstSeen == null ? null : firstSeen.toEpochMilli(),
        lastSeen == null ? null : lastSeen.toEpochMilli(), 0, null, message + " Fix: " + fix);
  }
}
