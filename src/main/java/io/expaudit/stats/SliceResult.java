package io.expaudit.stats;

import java.util.Map;

/**
 * One slice of a drill-down (health-checks §5.3, §5.4 step 3).
 *
 * @param test the SRM test of the slice's units against the slice's own expected split
 * @param excess observed minus expected units per arm (the per-arm excesses of all slices of a
 *     dimension add up to the dimension's overall excess)
 * @param excessUnits Σ of the positive excesses: how many units would have to move to restore the
 *     split; slices are ranked by it
 * @param leaveOneOut the test of the dimension's other slices together ("exclude the segment and
 *     re-test", Kohavi et al. ch. 21), or null when they cannot be tested
 * @param verdict {@link Verdict#MISMATCH} when the slice's p-value is below α divided by the number
 *     of slices tested (Bonferroni) and the effect floor is reached
 * @param cause for a mismatched slice, the cause its own counts point to; else null
 */
public record SliceResult(
    String dimension,
    String value,
    TestResult test,
    Map<String, Double> excess,
    double excessUnits,
    ChiSquare leaveOneOut,
    Verdict verdict,
    Cause cause) {

  public SliceResult {
    excess = Map.copyOf(excess);
  }
}
