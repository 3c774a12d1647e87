package io.expaudit.checks;

import io.expaudit.model.Finding;
import io.expaudit.model.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code NULL_PROPERTY_LEAK}: a unit that should be in a variant has events without it, so the
 * analysis loses or misfiles it (health-checks.md §3.4). Causes:
 *
 * <ul>
 *   <li>{@code EXPOSURE_WITHOUT_VARIANT}: an exposure with no variant while a non-default variant
 *       is recomputed; Amplitude then unsets the property and drops the unit from the experiment.
 *   <li>{@code PROPERTY_UNSET_AFTER_ASSIGNMENT}: after a non-default assignment, an event lacks the
 *       {@code [Experiment] <flag>} property (absent, null or empty) while the recomputed variant
 *       at that event is still non-default.
 *   <li>{@code EXPOSURE_BEFORE_ASSIGNMENT}: an exposure with a variant before the unit's first
 *       assignment event of the flag.
 *   <li>{@code EXPOSURE_WITHOUT_ASSIGNMENT}: an exposure with a variant and no assignment event of
 *       the flag for the unit in the window. Only meaningful for flags that log assignment events
 *       at all; the audit drops these findings for flags that never do.
 * </ul>
 * One finding per unit, flag and cause, WARN.
 */
public final class NullPropertyLeakCheck implements UnitCheck {
  public static final String ID = "NULL_PROPERTY_LEAK";
  public static final String EXPOSURE_WITHOUT_ASSIGNMENT = "EXPOSURE_WITHOUT_ASSIGNMENT";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> run(UnitFlagTimeline timeline) {
    long firstAssignment = Long.MAX_VALUE;
    for (FlagObservation o : timeline.observations()) {
      if (o.source() == Source.ASSIGNMENT) {
        firstAssignment = Math.min(firstAssignment, o.time());
      }
    }
    Map<String, List<FlagObservation>> byCause = new LinkedHashMap<>();
    boolean assigned = false;
    for (FlagObservation o : timeline.observations()) {
      Expectation e = o.expected();
      boolean expectsVariant = e.known() && !e.expectsDefault();
      String cause = null;
      switch (o.source()) {
        case ASSIGNMENT -> assigned = UnitFlagTimeline.loggedNonDefault(o);
        case EXPOSURE -> {
          if (o.variant() == null) {
            cause = expectsVariant ? "EXPOSURE_WITHOUT_VARIANT" : null;
            assigned = false;
          } else {
            if (firstAssignment == Long.MAX_VALUE) {
              cause = EXPOSURE_WITHOUT_ASSIGNMENT;
            } else if (o.time() < firstAssignment) {
              cause = "EXPOSURE_BEFORE_ASSIGNMENT";
            }
            assigned = UnitFlagTimeline.loggedNonDefault(o);
          }
        }
        case USER_PROPERTY -> {
          if (o.state().isMissing() && assigned && expectsVariant) {
            cause = "PROPERTY_UNSET_AFTER_ASSIGNMENT";
          }
        }
      }
      if (cause != null) {
        byCause.computeIfAbsent(cause, c -> new ArrayList<>()).add(o);
      }
    }
    List<Finding> findings = new ArrayList<>();
    byCause.forEach((cause, observations) -> {
      FlagObservation first = observations.get(0);
      String segment = first.expected().result() == null ? null : first.expected().result().segmentName();
      findings.add(Findings.unit(ID, Severity.WARN, timeline, first,
          observations.get(observations.size() - 1), observations.size(),
          first.expected().variant(), first.variant(), cause, segment,
          observations.size() + " event(s) " + cause.toLowerCase(java.util.Locale.ROOT).replace('_', ' ')));
    });
    return findings;
  }
}
