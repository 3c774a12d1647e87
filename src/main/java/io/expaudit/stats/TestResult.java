package io.expaudit.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One SRM test of one population (a stage, a slice, or counts given on the command line).
 *
 * @param variants the arms tested: variants with a positive expected count, in design order
 * @param units units in those arms (N of the chi-square)
 * @param observed units per arm
 * @param expected expected units per arm, scaled to {@code units}
 * @param outsideDesign units in variants that are no arm here (weight 0, not in the config, the
 *     default variant): left out of both tests and reported on their own (health-checks §1.2)
 * @param chiSquare the fixed-horizon test, or null without two arms and at least one unit
 * @param effect the largest absolute difference between an arm's observed and expected share, or
 *     null without units
 * @param sequential the sequential test, or null where none is kept (slices)
 * @param gate {@link Verdict#NOT_TESTABLE} (fewer than two arms), {@link Verdict#NOT_ENOUGH_UNITS}
 *     (below the minimum-sample gate), or null when the test may judge
 * @param aboveEffectFloor whether {@code effect} reaches {@link SrmSettings#minEffect()} (true
 *     without a floor)
 */
public record TestResult(
    List<String> variants,
    long units,
    Map<String, Long> observed,
    Map<String, Double> expected,
    Map<String, Long> outsideDesign,
    ChiSquare chiSquare,
    Double effect,
    Sequential sequential,
    Verdict gate,
    boolean aboveEffectFloor) {

  public TestResult {
    variants = List.copyOf(variants);
    observed = Collections.unmodifiableMap(new LinkedHashMap<>(observed));
    expected = Collections.unmodifiableMap(new LinkedHashMap<>(expected));
    outsideDesign = Collections.unmodifiableMap(new TreeMap<>(outsideDesign));
  }

  /** The fixed-horizon p-value, or null when there is none. */
  public Double pValue() {
    return chiSquare == null ? null : chiSquare.pValue();
  }

  /**
   * The verdict under a decision: the gate if it stops the test, else {@link Verdict#MISMATCH} when
   * {@code significant} and the effect reaches the floor, else {@link Verdict#BALANCED}.
   */
  public Verdict judge(boolean significant) {
    if (gate != null) {
      return gate;
    }
    return significant && aboveEffectFloor ? Verdict.MISMATCH : Verdict.BALANCED;
  }

  /** Whether the fixed p-value is below {@code level}. */
  boolean fixedBelow(double level) {
    return chiSquare != null && chiSquare.pValue() < level;
  }

  /** Whether the sequential test reached the Bayes-factor threshold at some look. */
  boolean sequentialReached(SrmSettings settings) {
    return sequential != null
        && sequential.maxLogBayesFactor() >= settings.logBayesFactorThreshold();
  }
}
