package io.expaudit.model;

import java.io.Serializable;
import java.util.Map;

/**
 * One analytics event reduced to what the audit reads (DESIGN.md, Inputs), already validated.
 *
 * @param eventType e.g. {@code [Experiment] Assignment}, {@code $exposure}, {@code page_view}
 * @param time event time, epoch milliseconds UTC
 * @param insertId the deduplication id, or null
 * @param userId may be null (anonymous)
 * @param deviceId may be null
 * @param amplitudeId may be null
 * @param context the evaluation context rebuilt from the event ({@code user}, {@code groups})
 * @param properties flag key to the event's {@code [Experiment] <flag>} user property, only for
 *     keys the event holds (a flag not in the map is {@link PropertyState#ABSENT})
 * @param assignments flag key to what an {@code [Experiment] Assignment} event logged; empty otherwise
 * @param exposure what an exposure event logged, or null
 * @param source file and line (or row) the event came from
 * @param library the SDK that sent it ({@code library}, e.g. {@code amplitude-kotlin/1.19.3}), or
 *     null: a pre-treatment slice for the SRM drill-down, never part of the context
 */
public record AuditEvent(
    String eventType,
    long time,
    String insertId,
    String userId,
    String deviceId,
    String amplitudeId,
    Map<String, Object> context,
    Map<String, LoggedProperty> properties,
    Map<String, LoggedAssignment> assignments,
    LoggedExposure exposure,
    String source,
    String library)
    implements Serializable {

  /** This event with {@code context.user.cohort_ids} set to {@code cohortIds}. */
  public AuditEvent withCohorts(java.util.List<String> cohortIds) {
    java.util.Map<String, Object> newContext = new java.util.LinkedHashMap<>(context);
    Object user = context.get("user");
    java.util.Map<String, Object> newUser = new java.util.LinkedHashMap<>();
    if (user instanceof Map<?, ?> m) {
      m.forEach((k, v) -> newUser.put((String) k, v));
    }
    newUser.put("cohort_ids", java.util.List.copyOf(cohortIds));
    newContext.put("user", java.util.Collections.unmodifiableMap(newUser));
    return new AuditEvent(eventType, time, insertId, userId, deviceId, amplitudeId,
        java.util.Collections.unmodifiableMap(newContext), properties, assignments, exposure, source, library);
  }

  /** An {@code [Experiment] <flag>} user property as the event carries it. */
  public record LoggedProperty(PropertyState state, String variant) implements Serializable {}

  /**
   * An assignment event's {@code <flag>.variant} and {@code <flag>.details}
   * ({@code "v<flagVersion> rule:<segmentName>"}; spec §8.2).
   *
   * @param detailsVersion the {@code v<N>}, or null when absent or unreadable
   * @param detailsSegment the {@code rule:} segment name, or null
   */
  public record LoggedAssignment(String variant, Long detailsVersion, String detailsSegment)
      implements Serializable {}

  /** An exposure ({@code $exposure} or {@code [Experiment] Exposure}); variant null when missing. */
  public record LoggedExposure(String flagKey, String variant) implements Serializable {}
}
