package io.expaudit.checks;

import io.expaudit.model.Finding;
import io.expaudit.model.Severity;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code VARIANT_JUMP}: one unit logged with two or more distinct non-default variants of a flag
 * in the window (assignment events, exposures or the user property). Entering or leaving the
 * experiment (default or nothing ↔ a variant) is not a jump (DESIGN.md, Definitions).
 *
 * <p>The cause is read from the first change between two observations that carry an assignment
 * (falling back to any two when only properties show it), by evidence: {@code IDENTITY_CHANGE}
 * when the flag's bucketing value differed, else {@code CONFIG_CHANGE} when the config version
 * differed and the recomputed variant changed with it, else {@code TARGETING_CHANGE} when the
 * context moved the unit to another segment, else {@code UNEXPLAINED} (same ids, same config: an
 * SDK or caching bug; ERROR). One finding per unit and flag, WARN unless unexplained.
 */
public final class VariantJumpCheck implements UnitCheck {
  public static final String ID = "VARIANT_JUMP";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> run(UnitFlagTimeline timeline) {
    Set<String> variants = new LinkedHashSet<>();
    for (FlagObservation o : timeline.observations()) {
      if (UnitFlagTimeline.loggedNonDefault(o)) {
        variants.add(o.variant());
      }
    }
    if (variants.size() < 2) {
      return List.of();
    }
    FlagObservation[] change = firstChange(timeline, true);
    if (change == null) {
      change = firstChange(timeline, false);
    }
    FlagObservation before = change[0];
    FlagObservation after = change[1];
    String cause = cause(before.expected(), after.expected());
    Severity severity = cause.equals("UNEXPLAINED") ? Severity.ERROR : Severity.WARN;
    FlagObservation first = timeline.observations().stream()
        .filter(UnitFlagTimeline::loggedNonDefault).findFirst().orElse(before);
    long events = timeline.observations().stream()
        .filter(UnitFlagTimeline::loggedNonDefault).map(FlagObservation::event).distinct().count();
    String segment = after.expected().result() == null ? null : after.expected().result().segmentName();
    return List.of(Findings.unit(ID, severity, timeline, first, after, events,
        after.expected().variant(), after.variant(), cause, segment,
        "logged " + String.join(" → ", variants) + "; first change " + before.variant() + " → "
            + after.variant() + describe(before.expected(), after.expected())));
  }

  /** The first pair of non-default observations whose variants differ, or null. */
  private static FlagObservation[] firstChange(UnitFlagTimeline timeline, boolean assignmentsOnly) {
    FlagObservation previous = null;
    for (FlagObservation o : timeline.observations()) {
      if (!UnitFlagTimeline.loggedNonDefault(o) || (assignmentsOnly && !o.carriesAssignment())) {
        continue;
      }
      if (previous != null && !previous.variant().equals(o.variant())) {
        return new FlagObservation[] {previous, o};
      }
      previous = o;
    }
    return null;
  }

  static String cause(Expectation before, Expectation after) {
    if (before.result() == null || after.result() == null) {
      return "UNEXPLAINED";
    }
    if (!Objects.equals(before.result().bucketingValue(), after.result().bucketingValue())) {
      return "IDENTITY_CHANGE";
    }
    if (!Objects.equals(before.version(), after.version())
        && !Objects.equals(before.variant(), after.variant())) {
      return "CONFIG_CHANGE";
    }
    if (before.result().segmentIndex() != after.result().segmentIndex()) {
      return "TARGETING_CHANGE";
    }
    return "UNEXPLAINED";
  }

  private static String describe(Expectation before, Expectation after) {
    if (before.result() == null || after.result() == null) {
      return "";
    }
    return "; recomputed " + before.variant() + " (v" + before.version() + ", bucketing value "
        + before.result().bucketingValue() + ") then " + after.variant() + " (v" + after.version()
        + ", bucketing value " + after.result().bucketingValue() + ")";
  }
}
