package io.expaudit.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SRM test of one population: the fixed-horizon chi-square and the sequential Bayes factor on
 * distinct units per variant, with the minimum-sample gate and the effect-size floor of
 * {@link SrmSettings}. {@link #test} is the whole test on plain counts (the {@code srm} command);
 * {@link SrmAnalysis} runs the same test on each stage and slice of an audit.
 */
public final class SrmTest {
  private SrmTest() {}

  /**
   * Tests counts against a split, as {@code expaudit srm} does.
   *
   * @param variants names of the variants, in the order of {@code counts} and {@code weights}
   * @param counts distinct units per variant now (cumulative)
   * @param weights configured weights, finite and non-negative; variants with weight 0 are left
   *     out and their units reported in {@link TestResult#outsideDesign()}
   * @param previousLooks earlier cumulative counts of the same variants, oldest first: the
   *     sequential p-value is the minimum of 1/BF over them and this look
   */
  public static TestResult test(List<String> variants, long[] counts, double[] weights,
      List<long[]> previousLooks, SrmSettings settings) {
    if (weights.length != counts.length) {
      throw new IllegalArgumentException("there are " + counts.length + " counts but "
          + weights.length + " weights");
    }
    if (variants.size() != counts.length || Set.copyOf(variants).size() != variants.size()) {
      throw new IllegalArgumentException("there are " + counts.length + " counts but "
          + variants.size() + " variant names, or a name repeats: " + variants);
    }
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] < 0) {
        throw new IllegalArgumentException("count " + (i + 1) + " is negative: " + counts[i]);
      }
      if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
        throw new IllegalArgumentException(
            "weight " + (i + 1) + " must be finite and non-negative: " + weights[i]);
      }
    }
    Design design = Design.single(variants, weights);
    double maxLogBf = Double.NEGATIVE_INFINITY;
    for (long[] look : previousLooks) {
      if (look.length != counts.length) {
        throw new IllegalArgumentException("a previous look has " + look.length
            + " counts, not " + counts.length);
      }
      maxLogBf = Math.max(maxLogBf,
          logBayesFactor(population(design, variants, look), settings.priorConcentration()));
    }
    Population now = population(design, variants, counts);
    double logBf = logBayesFactor(now, settings.priorConcentration());
    Sequential sequential =
        new Sequential(logBf, Math.max(maxLogBf, logBf), previousLooks.size() + 1);
    return evaluate(now, settings, sequential);
  }

  /**
   * Whether a single test flags: fixed p below α or the sequential test at its threshold, gated by
   * the minimum sample and the effect floor. (An audit decides with Benjamini–Hochberg across
   * flags instead; see {@link SrmAnalysis}.)
   */
  public static boolean flagged(TestResult result, SrmSettings settings) {
    return result.judge(result.fixedBelow(settings.alpha()) || result.sequentialReached(settings))
        == Verdict.MISMATCH;
  }

  /** Counts of one segment: each variant's units as they were recomputed and logged. */
  private static Population population(Design design, List<String> variants, long[] counts) {
    Population population = new Population(design);
    for (int i = 0; i < counts.length; i++) {
      population.units = Math.addExact(population.units, counts[i]);
      int arm = design.arm(variants.get(i));
      if (arm < 0) {
        population.outside.merge(variants.get(i), counts[i], Math::addExact);
      } else {
        population.observed[arm] = counts[i];
        population.recomputed[arm] = counts[i];
        population.strataObserved[0][arm] = counts[i];
      }
    }
    double[] shares = design.shares("");
    for (int arm = 0; shares != null && arm < shares.length; arm++) {
      population.expected[arm] = population.units * shares[arm];
    }
    return population;
  }

  /** The test of a tallied population; {@code sequential} may be null (slices). */
  static TestResult evaluate(Population population, SrmSettings settings, Sequential sequential) {
    List<String> variants = new ArrayList<>();
    List<Integer> active = new ArrayList<>();
    Map<String, Long> outside = new LinkedHashMap<>(population.outside);
    // without any allocated unit every arm of the design counts (and the gate says why)
    boolean none = population.units == 0;
    for (int i = 0; i < population.design.arms.size(); i++) {
      String arm = population.design.arms.get(i);
      if (none || population.expected[i] > 0) {
        variants.add(arm);
        active.add(i);
      } else if (population.observed[i] > 0) {
        // an arm none of this population's segments serves
        outside.merge(arm, population.observed[i], Math::addExact);
      }
    }
    int k = active.size();
    double[] observed = new double[k];
    double[] shares = new double[k];
    long units = 0;
    double expectedTotal = 0;
    for (int j = 0; j < k; j++) {
      observed[j] = population.observed[active.get(j)];
      shares[j] = population.expected[active.get(j)];
      units += population.observed[active.get(j)];
      expectedTotal += shares[j];
    }
    Map<String, Long> observedByArm = new LinkedHashMap<>();
    Map<String, Double> expectedByArm = new LinkedHashMap<>();
    double effect = 0;
    for (int j = 0; j < k; j++) {
      double share = expectedTotal > 0 ? shares[j] / expectedTotal : 0;
      observedByArm.put(variants.get(j), (long) observed[j]);
      expectedByArm.put(variants.get(j), units * share);
      if (units > 0) {
        effect = Math.max(effect, Math.abs(observed[j] / units - share));
      }
    }
    ChiSquare chiSquare = k >= 2 && units > 0 ? ChiSquareTest.goodnessOfFit(observed, shares) : null;
    Verdict gate = null;
    if (k < 2) {
      gate = Verdict.NOT_TESTABLE;
    } else if (units < (long) settings.minUnitsPerVariant() * k || units == 0) {
      gate = Verdict.NOT_ENOUGH_UNITS;
    }
    boolean aboveFloor = settings.minEffect() == null || (units > 0 && effect >= settings.minEffect());
    return new TestResult(variants, units, observedByArm, expectedByArm, outside, chiSquare,
        units > 0 ? effect : null, sequential, gate, aboveFloor);
  }

  /** ln BF of a population: the sum over its strata, each against its own fixed split. */
  static double logBayesFactor(Population population, double concentration) {
    double logBf = 0;
    for (int s = 0; s < population.design.strata.size(); s++) {
      double[] shares = population.design.strata.get(s);
      long[] counts = population.strataObserved[s];
      int k = 0;
      for (double share : shares) {
        k += share > 0 ? 1 : 0;
      }
      double[] x = new double[k];
      double[] p = new double[k];
      int j = 0;
      for (int i = 0; i < shares.length; i++) {
        if (shares[i] > 0) {
          x[j] = counts[i];
          p[j++] = shares[i];
        }
      }
      logBf += SequentialSrmTest.logBayesFactor(x, p, concentration);
    }
    return logBf;
  }
}
