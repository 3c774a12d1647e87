package io.expaudit.stats;

import org.apache.commons.math3.special.Gamma;

/**
 * The anytime-valid SRM test of Lindon &amp; Malek, "Anytime-Valid Inference for Multinomial Count
 * Data" (NeurIPS 2022, arXiv 2011.03567), as health-checks §1.7 states it. Under H0 every new unit
 * lands in arm i with probability p0_i; the alternative puts a Dirichlet(c · p0) prior on the
 * split. After cumulative counts x (n = Σ x, A = c):
 *
 * <pre>ln BF = ln Γ(A) − ln Γ(A + n) + Σ_i [ln Γ(c·p0_i + x_i) − ln Γ(c·p0_i)] − Σ_i x_i ln p0_i</pre>
 *
 * <p>The multinomial coefficient cancels, so the Bayes factor depends only on the cumulative
 * counts: one nightly batch gives the same value as unit-by-unit updates. Under H0 it is a
 * non-negative martingale with mean 1, so by Ville's inequality P(BF ≥ 1/α at any look) ≤ α and
 * p = min(1, min over looks of 1/BF) is valid however often one looks.
 *
 * <p>Degenerate and non-finite inputs: shares must be positive (zero-weight arms are dropped by the
 * caller, as for the chi-square test); a single arm gives ln BF = 0 (BF = 1, no evidence); no units
 * give ln BF = 0. Log-gamma comes from commons-math3.
 */
public final class SequentialSrmTest {
  /** The prior concentration {@code optimizely/ssrm} uses and health-checks §1.7 recommends. */
  public static final double DEFAULT_CONCENTRATION = 10_000;

  private SequentialSrmTest() {}

  /**
   * ln BF of cumulative {@code counts} against the split {@code shares} (normalized here) with
   * prior concentration {@code concentration}. Counts may be fractional (used to invert the test).
   */
  public static double logBayesFactor(double[] counts, double[] shares, double concentration) {
    if (counts.length != shares.length) {
      throw new IllegalArgumentException(
          "counts has " + counts.length + " arms but shares has " + shares.length);
    }
    if (!(concentration > 0) || Double.isInfinite(concentration)) {
      throw new IllegalArgumentException("prior concentration must be positive: " + concentration);
    }
    double shareTotal = 0;
    for (double share : shares) {
      if (!(share > 0) || Double.isInfinite(share)) {
        throw new IllegalArgumentException("share must be positive: " + share);
      }
      shareTotal += share;
    }
    double n = 0;
    for (double count : counts) {
      if (!(count >= 0) || Double.isInfinite(count)) {
        throw new IllegalArgumentException("count must be finite and non-negative: " + count);
      }
      n += count;
    }
    if (n == 0 || counts.length < 2) {
      return 0;
    }
    double logBf = Gamma.logGamma(concentration) - Gamma.logGamma(concentration + n);
    for (int i = 0; i < counts.length; i++) {
      double p0 = shares[i] / shareTotal;
      double prior = concentration * p0;
      logBf += Gamma.logGamma(prior + counts[i]) - Gamma.logGamma(prior) - counts[i] * Math.log(p0);
    }
    return logBf;
  }

  /** The sequential p-value from the largest ln BF seen over all looks: min(1, 1 / max BF). */
  public static double pValue(double maxLogBayesFactor) {
    return maxLogBayesFactor <= 0 ? 1 : Math.exp(-maxLogBayesFactor);
  }

  /** BF itself, capped at {@link Double#MAX_VALUE} so that it stays a finite JSON number. */
  public static double bayesFactor(double logBayesFactor) {
    return Math.min(Math.exp(logBayesFactor), Double.MAX_VALUE);
  }
}
