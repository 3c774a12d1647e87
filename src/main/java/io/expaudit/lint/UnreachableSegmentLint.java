package io.expaudit.lint;

import io.expaudit.config.ConditionConfig;
import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagHistory.FlagVersion;
import io.expaudit.config.SegmentConfig;
import io.expaudit.model.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code UNREACHABLE_SEGMENT} (WARN): a segment no unit can get a variant from. Causes:
 *
 * <ul>
 *   <li>{@code NEVER_MATCHES}: its own conditions are false for every unit: an empty condition
 *       list (an empty OR never matches, spec §3), or every condition group holds an operator the
 *       engines do not know (false, spec §6.3) or a set operator next to its own negation on the
 *       same selector and values.
 *   <li>{@code SHADOWED}: an earlier segment has exactly the same conditions and always yields a
 *       variant, so every unit this one would match stops there first.
 *   <li>{@code DEAD_CONDITION_GROUP}: the segment can match, but one of its OR groups cannot, for
 *       the reasons above (an unknown operator is the usual one: a typo that silently narrows the
 *       targeting).
 * </ul>
 *
 * Segments below one that takes everyone are {@code SEGMENT_STARVATION}'s, not reported here.
 */
public final class UnreachableSegmentLint extends VersionLint {
  @Override
  public String id() {
    return "UNREACHABLE_SEGMENT";
  }

  @Override
  public Severity severity() {
    return Severity.WARN;
  }

  @Override
  public String explanation() {
    return "A segment that no unit can reach looks like targeting in the UI but does nothing: its"
        + " users are served by another segment or by nobody. It usually means a condition was"
        + " mistyped (an operator Amplitude does not know is silently false) or a segment was"
        + " duplicated, and the population you think is in the experiment is not.";
  }

  @Override
  public String fixHint() {
    return "Fix the conditions (a valid operator, no contradiction), or delete the segment if an"
        + " earlier one already serves these units.";
  }

  @Override
  List<LintFinding> lintVersion(FlagVersion version, LintSettings settings) {
    FlagConfig flag = version.config();
    List<LintFinding> findings = new ArrayList<>();
    for (int i = 0; i < flag.segments().size(); i++) {
      SegmentConfig segment = flag.segments().get(i);
      String never = Segments.whyNeverMatches(segment);
      if (never != null) {
        findings.add(finding(version, Segments.name(flag, i), "NEVER_MATCHES",
            "Segment " + Segments.label(flag, i) + " can never match: " + never + "."));
        continue;
      }
      List<List<ConditionConfig>> groups = segment.conditions() == null ? List.of() : segment.conditions();
      for (int g = 0; g < groups.size(); g++) {
        String dead = Segments.whyGroupIsFalse(groups.get(g));
        if (dead != null) {
          findings.add(finding(version, Segments.name(flag, i), "DEAD_CONDITION_GROUP",
              "Condition group " + (g + 1) + " of " + groups.size() + " of segment "
                  + Segments.label(flag, i) + " can never match: " + dead
                  + "; units only get in through the other groups."));
        }
      }
      int shadow = shadowedBy(flag, i);
      if (shadow >= 0) {
        findings.add(finding(version, Segments.name(flag, i), "SHADOWED",
            "Segment " + Segments.label(flag, i) + " has the same conditions as "
                + Segments.label(flag, shadow) + ", which always yields a variant: no unit gets"
                + " past it to this one."));
      }
      if (Segments.matchesEveryone(segment) && Segments.alwaysYields(flag, i)) {
        break; // what follows is starved, SEGMENT_STARVATION's finding
      }
    }
    return findings;
  }

  private static int shadowedBy(FlagConfig flag, int index) {
    SegmentConfig segment = flag.segments().get(index);
    if (segment.conditions() == null) {
      return -1;
    }
    for (int j = 0; j < index; j++) {
      SegmentConfig earlier = flag.segments().get(j);
      if (segment.conditions().equals(earlier.conditions())
          && Segments.whyNeverMatches(earlier) == null
          && Segments.alwaysYields(flag, j)) {
        return j;
      }
    }
    return -1;
  }
}
