package io.expaudit.stats;

/**
 * Why a sample-ratio mismatch appears (DESIGN.md, Checks, {@code SAMPLE_RATIO_MISMATCH}), decided
 * at the first broken stage of the funnel by splitting its deviation from the design into two
 * parts (see {@link StageResult#disagreementPart()} and {@link StageResult#populationPart()}).
 */
public enum Cause {
  /** The logged variants differ from the recomputed ones in a way that explains the imbalance. */
  ASSIGNMENT_SIDE,
  /** The logged variants agree with the recomputation, but units of some arm are missing. */
  CAPTURE_SIDE,
  /** The split holds until jumpers are excluded from the analysis; the exclusion breaks it. */
  JUMPER_EXCLUSION
}
