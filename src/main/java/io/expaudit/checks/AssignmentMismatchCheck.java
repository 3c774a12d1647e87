package io.expaudit.checks;

import io.expaudit.config.AllocationConfig;
import io.expaudit.config.DistributionConfig;
import io.expaudit.config.SegmentConfig;
import io.expaudit.eval.Reason;
import io.expaudit.model.Finding;
import io.expaudit.model.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code ASSIGNMENT_MISMATCH}: an assignment event, or an exposure carrying a variant, logged a
 * variant other than the one recomputed for that event's config version and context (a logged
 * default and an expected default or no result agree). User properties are not compared here:
 * they lag behind config changes by design and are the subject of the other checks.
 *
 * <p>Causes: {@code CONFIG_VERSION_UNKNOWN} (the event's {@code details} version is in no
 * snapshot; WARN), {@code DEPENDENCY} (a holdout or mutual-exclusion gate should have served the
 * default), {@code EXCLUDED_BUT_ASSIGNED} (outside the rollout, no bucketing value, no matching
 * segment, or the flag was no longer served), {@code BUCKET} (the expected segment could serve the
 * logged variant, so the hash range disagrees), {@code SEGMENT} (another segment decided). One
 * finding per unit, flag and cause, ERROR unless stated.
 */
public final class AssignmentMismatchCheck implements UnitCheck {
  public static final String ID = "ASSIGNMENT_MISMATCH";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> run(UnitFlagTimeline timeline) {
    Map<String, List<FlagObservation>> byCause = new LinkedHashMap<>();
    for (FlagObservation o : timeline.observations()) {
      if (!o.carriesAssignment()) {
        continue;
      }
      String cause = cause(o);
      if (cause != null) {
        byCause.computeIfAbsent(cause, c -> new ArrayList<>()).add(o);
      }
    }
    List<Finding> findings = new ArrayList<>();
    byCause.forEach((cause, observations) -> {
      FlagObservation first = observations.get(0);
      Severity severity = cause.equals("CONFIG_VERSION_UNKNOWN") ? Severity.WARN : Severity.ERROR;
      String segment = first.expected().result() == null ? null : first.expected().result().segmentName();
      findings.add(Findings.unit(ID, severity, timeline, first, observations.get(observations.size() - 1),
          observations.size(), first.expected().variant(), first.variant(), cause, segment,
          detail(first)));
    });
    return findings;
  }

  /** The cause of a disagreement, or null when the observation agrees or cannot be checked. */
  static String cause(FlagObservation o) {
    Expectation e = o.expected();
    if (e.status() == Expectation.Status.VERSION_UNKNOWN) {
      return "CONFIG_VERSION_UNKNOWN";
    }
    if (!e.known()) {
      return null;
    }
    boolean loggedDefault = UnitFlagTimeline.isDefaultVariant(o.variant(), e.config());
    if (Objects.equals(o.variant(), e.variant()) || (loggedDefault && e.expectsDefault())) {
      return null;
    }
    if (e.result() != null && e.result().reason() == Reason.DEPENDENCY_GATE && !loggedDefault) {
      return "DEPENDENCY";
    }
    if (e.expectsDefault()) {
      return "EXCLUDED_BUT_ASSIGNED";
    }
    String expectedSegment = e.result().segmentName();
    boolean sameSegment = o.detailsSegment() == null || o.detailsSegment().equals(expectedSegment);
    if (sameSegment && (loggedDefault || servable(e, o.variant()))) {
      return "BUCKET";
    }
    return "SEGMENT";
  }

  /** Whether the expected segment's bucket can serve {@code variant} at all. */
  private static boolean servable(Expectation e, String variant) {
    SegmentConfig segment = e.config().segments().get(e.result().segmentIndex());
    if (segment.bucket() == null) {
      return false;
    }
    for (AllocationConfig allocation : segment.bucket().allocations()) {
      for (DistributionConfig distribution : allocation.distributions()) {
        if (distribution.variant().equals(variant)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String detail(FlagObservation o) {
    Expectation e = o.expected();
    if (e.status() == Expectation.Status.VERSION_UNKNOWN) {
      return "logged v" + e.version() + ", which no snapshot holds: capture configs more often";
    }
    if (e.status() == Expectation.Status.NOT_SERVED) {
      return "the flag was no longer served at this time (absent from the snapshot in force)";
    }
    StringBuilder s = new StringBuilder("recomputed ");
    s.append(e.variant() == null ? "no variant" : e.variant());
    s.append(" (").append(e.result().reason().name().toLowerCase(java.util.Locale.ROOT));
    if (e.result().segmentName() != null) {
      s.append(", segment '").append(e.result().segmentName()).append('\'');
    }
    if (e.result().hash() >= 0) {
      s.append(", hash % 100 = ").append(e.result().allocationBucket())
          .append(", hash / 100 = ").append(e.result().distributionBucket());
    }
    s.append(") with v").append(e.version());
    if (o.detailsSegment() != null) {
      s.append("; the event says rule '").append(o.detailsSegment()).append('\'');
    }
    return s.toString();
  }
}
