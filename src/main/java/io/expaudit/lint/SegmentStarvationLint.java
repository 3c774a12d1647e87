package io.expaudit.lint;

import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagHistory.FlagVersion;
import io.expaudit.config.SegmentConfig;
import io.expaudit.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code SEGMENT_STARVATION} (ERROR): a segment ends evaluation for units that later segments were
 * meant for. Segments are tried top to bottom and a matched segment that yields a variant ends the
 * search, its default included (spec §3 consequence 1). Causes:
 *
 * <ul>
 *   <li>{@code ZERO_ROLLOUT}: a bucketed segment, not the last, whose allocations give no unit
 *       anything but its default (a 0 % rollout), while it has a default variant: every unit it
 *       matches gets the default and never reaches the later segments. The seed article's incident.
 *       A 0 % segment without a default lets units fall through and is not reported.
 *   <li>{@code TAKES_EVERYONE}: a segment, not the last, that every unit matches (no conditions,
 *       or an empty condition group) and that always yields a variant: the later segments are
 *       never evaluated.
 * </ul>
 *
 * Segments that can never match starve nobody ({@code UNREACHABLE_SEGMENT} reports them).
 */
public final class SegmentStarvationLint extends VersionLint {
  @Override
  public String id() {
    return "SEGMENT_STARVATION";
  }

  @Override
  public Severity severity() {
    return Severity.ERROR;
  }

  @Override
  public String explanation() {
    return "Amplitude tries segments top to bottom, and a unit that matches a segment stops there"
        + " even when that segment's rollout leaves it out: it gets the segment's default (off, a"
        + " null property) and is never tried against the segments below. A segment at 0 % rollout"
        + " that many units match, or a segment that matches everyone placed above others, silently"
        + " empties every later segment: the experiment gets no traffic and nobody is told.";
  }

  @Override
  public String fixHint() {
    return "Delete the segment (or remove its default variant so units fall through), or move it"
        + " below the segments it starves; raise its rollout only if it is meant to serve units.";
  }

  @Override
  List<LintFinding> lintVersion(FlagVersion version, LintSettings settings) {
    FlagConfig flag = version.config();
    List<LintFinding> findings = new ArrayList<>();
    int last = flag.segments().size() - 1;
    for (int i = 0; i < last; i++) {
      SegmentConfig segment = flag.segments().get(i);
      if (Segments.whyNeverMatches(segment) != null) {
        continue;
      }
      String starved = starved(flag, i);
      String who = Segments.matchesEveryone(segment)
          ? "every unit" : "every unit it matches (" + Segments.describe(segment.conditions()) + ")";
      String fallback = BucketSpace.resolve(flag, segment.variant());
      BucketSpace space = BucketSpace.of(flag, i);
      if (segment.bucket() != null
          && !fallback.equals(BucketSpace.FALLS_THROUGH)
          && space.counts().keySet().equals(Set.of(fallback))) {
        String rollout = space.allocatedCount() == 0
            ? "has a 0 % rollout" : "allocates no variant but its default";
        findings.add(finding(version, Segments.name(flag, i), "ZERO_ROLLOUT",
            "Segment " + Segments.label(flag, i) + " " + rollout + ", so it serves '" + fallback
                + "' to " + who + " and evaluation stops there: " + starved
                + " never see those units."));
      } else if (Segments.matchesEveryone(segment) && Segments.alwaysYields(flag, i)) {
        findings.add(finding(version, Segments.name(flag, i), "TAKES_EVERYONE",
            "Segment " + Segments.label(flag, i) + " matches every unit and always yields a"
                + " variant, so " + starved + " are never evaluated."));
      }
    }
    return findings;
  }

  private static String starved(FlagConfig flag, int index) {
    List<String> labels = new ArrayList<>();
    for (int j = index + 1; j < flag.segments().size(); j++) {
      labels.add(Segments.label(flag, j));
    }
    return String.join(", ", labels);
  }
}
