/**
 * Rendering collected audit results: {@code summary.json} ({@link io.expaudit.report.SummaryJson}
 * from {@link io.expaudit.report.FlagSummary} values) and, with its own issue, the self-contained
 * {@code report.html}. No Spark, and no statistics computed here: it prints what it is given.
 *
 * <p>May import: {@code io.expaudit.model}, {@code io.expaudit.stats} result types, Jackson, the
 * JDK. Must not import Spark or Scala.
 */
package io.expaudit.report;
