package io.expaudit.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Corrections for testing many hypotheses at once (health-checks §1.8): Benjamini–Hochberg across
 * the flags of one run (false discovery rate), Bonferroni across the slices of one flag
 * (family-wise error).
 */
public final class MultipleTesting {
  private MultipleTesting() {}

  /**
   * Benjamini–Hochberg adjusted p-values, in the input order: for the i-th smallest of m,
   * q_(i) = min over j ≥ i of (m / j) · p_(j), capped at 1. Rejecting every hypothesis with
   * q &lt; α is the step-up procedure at level α.
   */
  public static double[] benjaminiHochberg(double[] pValues) {
    int m = pValues.length;
    for (double p : pValues) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("p-value must be in [0, 1]: " + p);
      }
    }
    Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
    double[] adjusted = new double[m];
    double running = 1;
    for (int rank = m; rank >= 1; rank--) {
      int i = order[rank - 1];
      running = Math.min(running, pValues[i] * m / rank);
      adjusted[i] = running;
    }
    return adjusted;
  }

  /** The per-test level that keeps the family-wise error of {@code tests} tests at {@code alpha}. */
  public static double bonferroni(double alpha, int tests) {
    if (tests < 1) {
      throw new IllegalArgumentException("number of tests must be at least 1: " + tests);
    }
    return alpha / tests;
  }
}
