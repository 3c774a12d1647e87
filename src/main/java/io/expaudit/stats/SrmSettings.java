package io.expaudit.stats;

import java.util.List;

/**
 * The SRM thresholds, one home for each (DESIGN.md, Checks: "Defaults: α = 0.001 fixed, Bayes
 * factor ≥ 1,000 sequential, minimum 8·k units; all in {@code conf/}"). The conf key each component
 * is meant to be read from is given in its description.
 *
 * @param alpha {@code srm.alpha}, default 0.001: the level of the fixed-horizon chi-square test. A
 *     flag version is flagged when its Benjamini–Hochberg adjusted p-value (across the flag
 *     versions of one run) is below it; a slice when its p-value is below alpha divided by the
 *     number of slices tested for that flag version (Bonferroni).
 * @param bayesFactorThreshold {@code srm.bayes_factor_threshold}, default 1,000: the sequential
 *     test flags when the largest Bayes factor over all looks reaches it, i.e. when the sequential
 *     p-value is at most its α = 1 / threshold (health-checks §1.7).
 * @param priorConcentration {@code srm.prior_concentration}, default 10,000: c of the Dirichlet
 *     prior of the sequential test. Larger c looks for smaller mismatches and waits longer for
 *     evidence; changing it changes every sequential p-value (health-checks §1.7).
 * @param minUnitsPerVariant {@code srm.min_units_per_variant}, default 8: no verdict below this many
 *     units per variant with a positive weight (GrowthBook's "not enough traffic", health-checks
 *     §1.2); applies to flag versions, stages and slices alike.
 * @param minEffect {@code srm.min_effect}, default none (null): an optional effect-size floor. When
 *     set, a test only flags if some variant's observed share differs from its expected share by at
 *     least this much in absolute terms (0.001 = 0.1 percentage points, as Statsig's floor;
 *     health-checks §1.3, §4 item 2).
 * @param sliceDimensions {@code srm.slice_dimensions}, default {@code platform, country,
 *     app_version, sdk_library, first_assignment_day}: the pre-treatment attributes the audit
 *     slices each flag version by for the drill-down (health-checks §5.2: only attributes fixed
 *     at assignment). The statistics use whatever slices they are given, in this order first.
 * @param drillDownSlices {@code srm.drilldown_slices}, default 20: how many slices, ranked by
 *     excess units, a drill-down keeps; slices that are flagged are always kept.
 */
public record SrmSettings(
    double alpha,
    double bayesFactorThreshold,
    double priorConcentration,
    int minUnitsPerVariant,
    Double minEffect,
    List<String> sliceDimensions,
    int drillDownSlices) {

  /** The default slice dimensions (DESIGN.md, issue 4). */
  public static final List<String> DEFAULT_SLICE_DIMENSIONS =
      List.of("platform", "country", "app_version", "sdk_library", "first_assignment_day");

  /** α = 0.001, BF ≥ 1,000, c = 10,000, 8 units per variant, no effect floor, the default slices. */
  public static final SrmSettings DEFAULTS =
      new SrmSettings(0.001, 1000, SequentialSrmTest.DEFAULT_CONCENTRATION, 8, null,
          DEFAULT_SLICE_DIMENSIONS, 20);

  public SrmSettings {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("srm.alpha must be in (0, 1): " + alpha);
    }
    if (!(bayesFactorThreshold > 1) || Double.isInfinite(bayesFactorThreshold)) {
      throw new IllegalArgumentException(
          "srm.bayes_factor_threshold must be greater than 1: " + bayesFactorThreshold);
    }
    if (!(priorConcentration > 0) || Double.isInfinite(priorConcentration)) {
      throw new IllegalArgumentException(
          "srm.prior_concentration must be positive: " + priorConcentration);
    }
    if (minUnitsPerVariant < 0) {
      throw new IllegalArgumentException(
          "srm.min_units_per_variant must not be negative: " + minUnitsPerVariant);
    }
    if (minEffect != null && !(minEffect > 0 && minEffect < 1)) {
      throw new IllegalArgumentException("srm.min_effect must be in (0, 1): " + minEffect);
    }
    if (drillDownSlices < 0) {
      throw new IllegalArgumentException("srm.drilldown_slices must not be negative: " + drillDownSlices);
    }
    sliceDimensions = List.copyOf(sliceDimensions);
  }

  /** The {@code srm.*} keys of the audit's settings (validated when they were set). */
  public static SrmSettings from(io.expaudit.config.Settings settings) {
    String minEffect = settings.get("srm.min_effect");
    return new SrmSettings(settings.getDouble("srm.alpha"),
        settings.getDouble("srm.bayes_factor_threshold"),
        settings.getDouble("srm.prior_concentration"), settings.getInt("srm.min_units_per_variant"),
        minEffect.isEmpty() ? null : Double.valueOf(minEffect),
        settings.getList("srm.slice_dimensions"), settings.getInt("srm.drilldown_slices"));
  }

  /** The sequential test's α: 1 / {@link #bayesFactorThreshold()}. */
  public double sequentialAlpha() {
    return 1 / bayesFactorThreshold;
  }

  /** ln of {@link #bayesFactorThreshold()}. */
  double logBayesFactorThreshold() {
    return Math.log(bayesFactorThreshold);
  }

  public SrmSettings withAlpha(double value) {
    return new SrmSettings(value, bayesFactorThreshold, priorConcentration, minUnitsPerVariant,
        minEffect, sliceDimensions, drillDownSlices);
  }

  public SrmSettings withBayesFactorThreshold(double value) {
    return new SrmSettings(alpha, value, priorConcentration, minUnitsPerVariant, minEffect,
        sliceDimensions, drillDownSlices);
  }

  public SrmSettings withPriorConcentration(double value) {
    return new SrmSettings(alpha, bayesFactorThreshold, value, minUnitsPerVariant, minEffect,
        sliceDimensions, drillDownSlices);
  }

  public SrmSettings withMinUnitsPerVariant(int value) {
    return new SrmSettings(alpha, bayesFactorThreshold, priorConcentration, value, minEffect,
        sliceDimensions, drillDownSlices);
  }

  public SrmSettings withMinEffect(Double value) {
    return new SrmSettings(alpha, bayesFactorThreshold, priorConcentration, minUnitsPerVariant,
        value, sliceDimensions, drillDownSlices);
  }
}
