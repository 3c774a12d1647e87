package io.expaudit.checks;

import java.io.Serializable;

/**
 * What one unit contributes to its flag's summary (DESIGN.md, Outputs: {@code summary.json}).
 *
 * @param expectedVariant recomputed variant at the unit's first assignment-carrying observation
 *     (else its first observation); null when no result or unknown
 * @param observedVariant first variant the logs show (assignment or exposure, else the property)
 * @param verified whether any assignment-carrying observation had a known expectation
 * @param agrees whether all verified assignment-carrying observations agree with the recomputation
 * @param jumped whether the unit logged two or more distinct non-default variants
 * @param firstNonDefault the first non-default variant logged, or null
 * @param expectedSegment the recomputed segment name for {@code expectedVariant}, or null
 * @param unverifiable whether some assignment-carrying observation could not be checked because
 *     its result depends on data the events lack (cohort membership without {@code --cohorts})
 * @param firstSeen epoch milliseconds of the observation {@code expectedVariant} was taken from
 *     (the unit's first assignment-carrying one, else its first): when it entered the flag
 * @param segmentIndex the recomputed segment's 0-based index for {@code expectedVariant}, or null
 * @param assignedVariant the first variant its assignment events logged, or null if none did
 * @param exposedVariant the first variant its exposures carried, or null if none had one
 * @param analysedVariant the first variant of its {@code [Experiment]} user property, or null when
 *     it has none or jumped (an analysis excludes jumpers)
 * @param slices pre-treatment attributes at the anchor observation, by SRM slice dimension
 *     ({@code srm.slice_dimensions}); values may be null
 */
public record UnitFlagSummary(
    String flagKey,
    String unitId,
    Long version,
    String expectedVariant,
    String observedVariant,
    boolean verified,
    boolean agrees,
    boolean jumped,
    String firstNonDefault,
    String expectedSegment,
    boolean unverifiable,
    long firstSeen,
    Integer segmentIndex,
    String assignedVariant,
    String exposedVariant,
    String analysedVariant,
    java.util.Map<String, String> slices)
    implements Serializable {}
