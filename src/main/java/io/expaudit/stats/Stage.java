package io.expaudit.stats;

import java.util.Locale;

/**
 * The stages of the assignment funnel of one flag version, in order (DESIGN.md, Checks: "SRM at
 * every stage of the funnel"; health-checks §5.4 step 1). Each stage counts the allocated units
 * that reached it, by the variant that stage shows for them; the first stage whose split breaks
 * shows where the fault entered (Fabijan et al., rule 9).
 */
public enum Stage {
  /** Every allocated unit, by its recomputed variant: the population the audit sees. */
  RECOMPUTED,
  /** Units with a logged assignment, by the logged variant. */
  ASSIGNED,
  /** Units with an exposure, by the exposed variant. */
  EXPOSED,
  /** Units an analysis would use, by their variant, after excluding jumpers. */
  ANALYSED;

  /** The variant this stage shows for the units of {@code cell}, or null when they did not reach it. */
  public String variant(FunnelCell cell) {
    return switch (this) {
      case RECOMPUTED -> cell.recomputedVariant();
      case ASSIGNED -> cell.assignedVariant();
      case EXPOSED -> cell.exposedVariant();
      case ANALYSED -> cell.analysedVariant();
    };
  }

  /** The lower-case name used in JSON ({@code recomputed}, {@code assigned}, ...). */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
