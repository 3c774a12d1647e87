package io.expaudit.stats;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.special.Gamma;

/**
 * Pearson chi-square tests on unit counts (health-checks §1.2, §5.3). Distributions come from
 * commons-math3; nothing here is hand-rolled beyond the sums.
 *
 * <p>Degenerate and non-finite inputs: counts must be finite and non-negative, shares positive
 * (callers drop zero-weight arms first and report their units separately, health-checks §1.2
 * pitfalls); a test needs at least two arms. With no units at all the statistic is 0 and p is 1:
 * no evidence either way, which the minimum-sample gate of {@link SrmSettings} turns into
 * {@link Verdict#NOT_ENOUGH_UNITS}.
 */
public final class ChiSquareTest {
  private static final int MAX_FIT_ITERATIONS = 10_000;
  private static final double FIT_TOLERANCE = 1e-13;

  private ChiSquareTest() {}

  /**
   * Goodness of fit of {@code observed} to the split {@code shares}: E_i = N · s_i / Σ s,
   * X² = Σ (O_i − E_i)² / E_i, df = k − 1 (health-checks §1.2). The expected counts are scaled to
   * the observed total, as GrowthBook's {@code checkSrm} and Spark's {@code chiSqTest} do.
   */
  public static ChiSquare goodnessOfFit(double[] observed, double[] shares) {
    if (observed.length != shares.length) {
      throw new IllegalArgumentException(
          "observed has " + observed.length + " arms but shares has " + shares.length);
    }
    if (observed.length < 2) {
      throw new IllegalArgumentException("a goodness-of-fit test needs at least 2 arms");
    }
    double total = 0;
    double shareTotal = 0;
    for (int i = 0; i < observed.length; i++) {
      requireCount(observed[i]);
      if (!(shares[i] > 0) || Double.isInfinite(shares[i])) {
        throw new IllegalArgumentException("share of arm " + i + " must be positive: " + shares[i]);
      }
      total += observed[i];
      shareTotal += shares[i];
    }
    int df = observed.length - 1;
    if (total == 0) {
      return new ChiSquare(0, df, 1);
    }
    double statistic = 0;
    for (int i = 0; i < observed.length; i++) {
      double expected = total * shares[i] / shareTotal;
      double deviation = observed[i] - expected;
      statistic += deviation * deviation / expected;
    }
    return new ChiSquare(statistic, df, upperTail(statistic, df));
  }

  /**
   * Whether the split differs between slices (health-checks §5.3, "heterogeneity"). Rows are
   * slices, columns arms; {@code shares[s]} is the split slice s should have (its own mix of
   * segments). The null model keeps every slice's total and lets one common factor per arm distort
   * the design split: μ_si ∝ N_s · p_si · θ_i, fitted by iterative proportional fitting (the
   * likelihood equations match the arm totals). When all slices share one design this is exactly
   * Pearson's test of independence of slice and variant, df = (S − 1)(k − 1); in general df is the
   * number of cells with a positive fit minus (slices + arms − 1).
   *
   * <p>Slices without units and arms without units in any slice are left out; cells whose share is
   * 0 (an arm the slice's segments never serve) are structural zeros and add nothing.
   *
   * @return null when fewer than two slices and two arms are left, or df would be below 1
   */
  public static ChiSquare heterogeneity(double[][] observed, double[][] shares) {
    if (observed.length != shares.length) {
      throw new IllegalArgumentException("observed and shares differ in slices");
    }
    int arms = observed.length == 0 ? 0 : observed[0].length;
    double[] rowTotals = new double[observed.length];
    double[] columnTotals = new double[arms];
    for (int s = 0; s < observed.length; s++) {
      if (observed[s].length != arms || shares[s].length != arms) {
        throw new IllegalArgumentException("slice " + s + " has a different number of arms");
      }
      for (int i = 0; i < arms; i++) {
        requireCount(observed[s][i]);
        if (!(shares[s][i] >= 0) || Double.isInfinite(shares[s][i])) {
          throw new IllegalArgumentException("share must be finite and non-negative: " + shares[s][i]);
        }
        rowTotals[s] += observed[s][i];
        columnTotals[i] += observed[s][i];
      }
    }
    int[] rows = indicesWithPositive(rowTotals);
    int[] columns = indicesWithPositive(columnTotals);
    if (rows.length < 2 || columns.length < 2) {
      return null;
    }
    double[] theta = new double[columns.length];
    Arrays.fill(theta, 1);
    double[][] fit = new double[rows.length][columns.length];
    for (int iteration = 0; iteration < MAX_FIT_ITERATIONS; iteration++) {
      fitCells(observed, shares, rows, columns, rowTotals, theta, fit);
      double worst = 0;
      for (int c = 0; c < columns.length; c++) {
        double fitted = 0;
        for (int r = 0; r < rows.length; r++) {
          fitted += fit[r][c];
        }
        double ratio = columnTotals[columns[c]] / fitted;
        worst = Math.max(worst, Math.abs(ratio - 1));
        theta[c] *= ratio;
      }
      if (worst < FIT_TOLERANCE) {
        break;
      }
    }
    fitCells(observed, shares, rows, columns, rowTotals, theta, fit);
    double statistic = 0;
    int cells = 0;
    for (int r = 0; r < rows.length; r++) {
      for (int c = 0; c < columns.length; c++) {
        if (fit[r][c] > 0) {
          double deviation = observed[rows[r]][columns[c]] - fit[r][c];
          statistic += deviation * deviation / fit[r][c];
          cells++;
        }
      }
    }
    int df = cells - (rows.length + columns.length - 1);
    return df < 1 ? null : new ChiSquare(statistic, df, upperTail(statistic, df));
  }

  private static void fitCells(double[][] observed, double[][] shares, int[] rows, int[] columns,
      double[] rowTotals, double[] theta, double[][] fit) {
    for (int r = 0; r < rows.length; r++) {
      double norm = 0;
      for (int c = 0; c < columns.length; c++) {
        norm += shares[rows[r]][columns[c]] * theta[c];
      }
      for (int c = 0; c < columns.length; c++) {
        fit[r][c] = norm == 0 ? 0 : rowTotals[rows[r]] * shares[rows[r]][columns[c]] * theta[c] / norm;
      }
    }
  }

  /**
   * P(χ²_df ≥ x) as the regularized upper incomplete gamma Q(df/2, x/2) (health-checks §1.2),
   * which keeps its precision far into the tail where 1 − CDF would round to 0.
   */
  public static double upperTail(double statistic, int df) {
    if (df < 1) {
      throw new IllegalArgumentException("df must be at least 1: " + df);
    }
    if (!(statistic >= 0)) {
      throw new IllegalArgumentException("statistic must be non-negative: " + statistic);
    }
    if (statistic == 0) {
      return 1;
    }
    if (Double.isInfinite(statistic)) {
      return 0;
    }
    return Gamma.regularizedGammaQ(df / 2.0, statistic / 2.0);
  }

  /** The X² at which a test with {@code df} degrees of freedom reaches p = {@code alpha}. */
  public static double criticalValue(double alpha, int df) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
    }
    return new ChiSquaredDistribution(null, df).inverseCumulativeProbability(1 - alpha);
  }

  private static void requireCount(double count) {
    if (!(count >= 0) || Double.isInfinite(count)) {
      throw new IllegalArgumentException("count must be finite and non-negative: " + count);
    }
  }

  private static int[] indicesWithPositive(double[] values) {
    return IntStream.range(0, values.length).filter(i -> values[i] > 0).toArray();
  }
}
