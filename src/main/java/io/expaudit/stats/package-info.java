/**
 * The statistics of sample-ratio mismatch, pure functions on counts (DESIGN.md, Checks,
 * {@code SAMPLE_RATIO_MISMATCH}; health-checks §1, §5). The tests: Pearson chi-square
 * ({@link io.expaudit.stats.ChiSquareTest}), the Dirichlet–multinomial sequential Bayes factor of
 * Lindon &amp; Malek ({@link io.expaudit.stats.SequentialSrmTest}), Benjamini–Hochberg and
 * Bonferroni ({@link io.expaudit.stats.MultipleTesting}), one population's SRM test with its gates
 * ({@link io.expaudit.stats.SrmTest}). The check: {@link io.expaudit.stats.SrmAnalysis} turns the
 * aggregated counts of a run ({@link io.expaudit.stats.FlagVersionCounts}) into per-flag results,
 * funnel localization, slice drill-down, findings and the sequential states to persist. The only
 * home of each statistic; distributions and log-gamma come from commons-math3. Spark counts, this
 * package decides.
 *
 * <p>May import: the JDK, {@code org.apache.commons.math3}, {@code io.expaudit.model} (findings).
 * Must not import Spark, Scala, Hadoop, Jackson or other {@code io.expaudit} packages.
 */
package io.expaudit.stats;
