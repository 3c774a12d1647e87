package io.expaudit.model;

import java.io.Serializable;

/**
 * One row of {@code findings/} (DESIGN.md, Outputs, a stable contract). Flag-level findings leave
 * the unit columns null.
 *
 * @param firstSeen epoch milliseconds of the first event involved, or null
 * @param lastSeen epoch milliseconds of the last event involved, or null
 * @param events how many events show it
 */
public record Finding(
    String check,
    Severity severity,
    String flagKey,
    String unitId,
    String userId,
    String deviceId,
    String amplitudeId,
    String expectedVariant,
    String observedVariant,
    String cause,
    Long flagVersion,
    String segment,
    Long firstSeen,
    Long lastSeen,
    long events,
    Double pValue,
    String detail)
    implements Serializable {}
