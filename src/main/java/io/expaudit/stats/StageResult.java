package io.expaudit.stats;

/**
 * The SRM test at one stage of a flag version's funnel.
 *
 * <p>Its deviation from the design splits in two parts that add up to about X² (health-checks
 * §5.1, PostHog's "decisive test" done with counts): with O the units per arm the stage shows, R
 * the same units per recomputed arm and E the expected units, O − E = (O − R) + (R − E).
 *
 * @param test the test of the units that reached the stage, by the variant it shows
 * @param disagreementPart Σ (O_i − R̃_i)² / E_i with R̃ the recomputed counts scaled to the tested
 *     units: the imbalance the logged variants add by differing from the recomputed ones
 * @param populationPart Σ (R̃_i − E_i)² / E_i: the imbalance already present among the units that
 *     reached the stage, classified by their recomputed variant, i.e. units of some arm missing
 * @param broken whether the stage fails on its own: the gate and effect floor pass, and the fixed
 *     p-value is below α (not adjusted: this is a diagnostic of a flag already flagged) or the
 *     sequential test reached its threshold
 */
public record StageResult(
    Stage stage, TestResult test, double disagreementPart, double populationPart, boolean broken) {

  /** The verdict of this stage on its own (see {@link #broken()}). */
  public Verdict verdict() {
    return test.judge(broken);
  }

  /**
   * The cause this stage would point to if it is the first broken one: assignment-side when the
   * disagreement part is the larger, else units are missing: capture-side, or jumper exclusion at
   * the analysed stage.
   */
  public Cause likelyCause() {
    return SrmAnalysis.cause(stage, disagreementPart, populationPart);
  }
}
