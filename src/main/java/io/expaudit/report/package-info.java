/**
 * Rendering a collected {@code AuditResult} to the self-contained {@code report.html} and to
 * {@code summary.json}, from the template in {@code src/main/resources/io/expaudit/report/}. No
 * Spark, and no statistics computed here: it prints what {@code stats} produced.
 *
 * <p>May import: {@code io.expaudit.model}, {@code io.expaudit.stats} result types, the JDK. Must
 * not import Spark or Scala.
 *
 * <p>Arrives with the audit issue; no types live here yet.
 */
package io.expaudit.report;
