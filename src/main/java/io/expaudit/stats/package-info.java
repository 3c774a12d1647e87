/**
 * The statistics, as static pure functions on counts: chi-square test, binomial test, sequential
 * SRM Bayes factor, multiple-testing corrections (Benjamini–Hochberg, Bonferroni). The only home of
 * each statistic; distributions and log-gamma come from commons-math3. Spark counts, this package
 * decides.
 *
 * <p>May import: the JDK, {@code org.apache.commons.math3}. Must not import Spark, Scala or other
 * {@code io.expaudit} packages.
 *
 * <p>Arrives with the audit issue; no types live here yet.
 */
package io.expaudit.stats;
