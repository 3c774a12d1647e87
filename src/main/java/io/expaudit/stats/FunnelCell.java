package io.expaudit.stats;

/**
 * How many units of one flag version share the same path through the funnel: one row of the
 * aggregation {@code groupBy(flag, version, segment, recomputed, assigned, exposed, analysed).count()}
 * over the per-unit facts. One aggregation gives every stage, the recomputed population of each
 * stage (to tell assignment-side from capture-side faults) and each segment's unit count (for the
 * expected split).
 *
 * <p>A unit counts in the version whose config was in force at its first assignment
 * (health-checks §1.2, weight changes over time), once, under:
 *
 * @param segment the segment its recomputed variant came from, keyed as in
 *     {@link FlagVersionCounts#segmentWeights()}; units of segments not there are not part of the
 *     test (e.g. a segment that serves everyone the default variant)
 * @param recomputedVariant the recomputed variant; only units recomputed into a variant with a
 *     positive weight in their segment are part of the test ("allocated"): units outside the
 *     rollout are an allocation question, not a split question (health-checks §1.1)
 * @param assignedVariant the first variant its assignment events logged ({@code off} included), or
 *     null if it has none
 * @param exposedVariant the first variant its exposure events carried, or null if it has no
 *     exposure with a variant
 * @param analysedVariant the variant an analysis would put it in (the experiment user property),
 *     or null if it has none or is a jumper (two or more non-default variants): the analysis set
 *     after excluding jumpers
 * @param units how many units, at least 0
 */
public record FunnelCell(
    String segment,
    String recomputedVariant,
    String assignedVariant,
    String exposedVariant,
    String analysedVariant,
    long units) {

  public FunnelCell {
    if (units < 0) {
      throw new IllegalArgumentException("units must not be negative: " + units);
    }
  }
}
