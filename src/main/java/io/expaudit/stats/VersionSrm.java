package io.expaudit.stats;

import java.util.List;

/**
 * The SRM result of one config version of one flag.
 *
 * @param stage the headline stage: the last stage of the funnel that has units (analysed, else
 *     exposed, else assigned, else recomputed), the split an analysis of the flag would rest on
 * @param funnel one result per {@link Stage}, in order
 * @param adjustedPValue the headline fixed p-value adjusted by Benjamini–Hochberg across the flag
 *     versions tested in the run, or null when the headline stage was not tested (gate)
 * @param flagged {@code flagged} of summary.json: the headline stage passes the minimum-sample
 *     gate and the effect floor, and its adjusted p-value is below α or its sequential test reached
 *     the Bayes-factor threshold at some look (DESIGN.md, Definitions)
 * @param firstBrokenStage for a flagged version, the first {@link StageResult#broken() broken}
 *     stage of the funnel (never later than the headline stage); else null
 * @param cause for a flagged version, the cause the first broken stage points to; else null
 * @param drillDown the slices at the first broken stage (else the headline stage), or null without
 *     slice counts
 */
public record VersionSrm(
    String flagKey,
    long flagVersion,
    Stage stage,
    List<StageResult> funnel,
    Double adjustedPValue,
    boolean flagged,
    Stage firstBrokenStage,
    Cause cause,
    DrillDown drillDown) {

  public VersionSrm {
    funnel = List.copyOf(funnel);
  }

  /** The result at the headline stage. */
  public StageResult headline() {
    return funnel.get(stage.ordinal());
  }

  /** {@link Verdict#MISMATCH} when flagged, else the headline's gate, else balanced. */
  public Verdict verdict() {
    return headline().test().judge(flagged);
  }

  /** The sequential p-value of the headline stage, or null when it has none. */
  public Double sequentialPValue() {
    Sequential sequential = headline().test().sequential();
    return sequential == null ? null : sequential.pValue();
  }
}
