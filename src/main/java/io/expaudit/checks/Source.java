package io.expaudit.checks;

/** Where an observation of a unit's variant comes from (DESIGN.md, Inputs). */
public enum Source {
  /** {@code [Experiment] Assignment}: {@code <flag>.variant}, what the SDK evaluated. */
  ASSIGNMENT,
  /** {@code $exposure} / {@code [Experiment] Exposure}: the variant shown, possibly missing. */
  EXPOSURE,
  /** {@code user_properties["[Experiment] <flag>"]} on any event: what the analysis will use. */
  USER_PROPERTY
}
