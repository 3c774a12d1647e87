/**
 * Rendering collected audit results: {@code summary.json} ({@link io.expaudit.report.SummaryJson}
 * from {@link io.expaudit.report.FlagSummary} values) and the self-contained {@code report.html}
 * ({@link io.expaudit.report.HtmlReport} from a {@link io.expaudit.report.ReportModel}: per-flag
 * status in plain words ({@link io.expaudit.report.FlagStatus}), what to do next per check and cause
 * ({@link io.expaudit.report.Advice}), inline SVG charts). No Spark, and no statistics computed here:
 * it prints what it is given, escaped.
 *
 * <p>May import: {@code io.expaudit.model}, {@code io.expaudit.stats} result types, Jackson, the
 * JDK. Must not import Spark or Scala.
 */
package io.expaudit.report;
