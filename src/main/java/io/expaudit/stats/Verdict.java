package io.expaudit.stats;

/**
 * The outcome of one SRM test, three-valued as GrowthBook's health checks are (STYLE.md, domain
 * check), plus the case where there is nothing to test.
 */
public enum Verdict {
  /** The split differs from the design beyond the decision rule in force. */
  MISMATCH,
  /** Tested, and no mismatch (or one smaller than the effect-size floor). */
  BALANCED,
  /** Fewer units than the minimum-sample gate ({@link SrmSettings#minUnitsPerVariant()} · k). */
  NOT_ENOUGH_UNITS,
  /** Fewer than two variants with a positive weight: no split to test. */
  NOT_TESTABLE
}
