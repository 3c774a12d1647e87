package io.expaudit.lint;

import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagHistory.FlagVersion;
import io.expaudit.config.SegmentConfig;
import io.expaudit.model.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code FALLBACK_NOT_CONTROL} (WARN): an experiment that targets segments, whose fallback for
 * everyone else is not 100 % a control variant. The seed article's rule: "all other users" at
 * 100 % rollout with control at 100 %, so units outside the targeted segments are known to be in
 * control rather than null, and the analysis limited to the targeted segments stays clean.
 *
 * <p>Applies to flags with {@code flagType} {@code experiment}, or without a flag type when a
 * variant key looks like control ({@link LintSettings#controlVariantPattern()}), that have at least
 * one targeting segment: one with conditions that can match, other than the inclusion, dependency
 * and sticky-bucketing segments Amplitude writes. Causes: {@code NO_FALLBACK} (no last segment
 * that matches everyone: the others get no variant) and {@code NOT_CONTROL} (the fallback serves
 * something else, its exact split in the detail, units without a bucketing value aside).
 */
public final class FallbackNotControlLint extends VersionLint {
  private static final String NO_VARIANT = "(no variant)";

  @Override
  public String id() {
    return "FALLBACK_NOT_CONTROL";
  }

  @Override
  public Severity severity() {
    return Severity.WARN;
  }

  @Override
  public String explanation() {
    return "Units that match none of an experiment's targeted segments land in the last, 'All"
        + " Other Users' segment. If it serves treatment, the experiment quietly runs on people it"
        + " was not designed for; if it serves off or nothing, they carry a null property that"
        + " code paths and charts must handle. Serving them 100 % control makes every unit's"
        + " variant explicit and keeps the targeted comparison clean.";
  }

  @Override
  public String fixHint() {
    return "Set the 'All Other Users' segment to 100 % rollout with the control variant at 100 %"
        + " weight, and limit result charts to the targeted segments.";
  }

  @Override
  List<LintFinding> lintVersion(FlagVersion version, LintSettings settings) {
    FlagConfig flag = version.config();
    Pattern control = Pattern.compile(settings.controlVariantPattern());
    if (!isExperiment(flag, control)) {
      return List.of();
    }
    List<String> targeted = new ArrayList<>();
    for (int i = 0; i < flag.segments().size(); i++) {
      SegmentConfig segment = flag.segments().get(i);
      if (!Segments.isSystem(segment) && !Segments.matchesEveryone(segment)
          && Segments.whyNeverMatches(segment) == null) {
        targeted.add(Segments.label(flag, i));
      }
    }
    if (targeted.isEmpty()) {
      return List.of();
    }
    int last = flag.segments().size() - 1;
    if (!Segments.matchesEveryone(flag.segments().get(last))) {
      return List.of(finding(version, null, "NO_FALLBACK",
          "No last segment catches the units outside " + String.join(", ", targeted)
              + ": they get no variant from this experiment (a null property)."));
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    BucketSpace.of(flag, last).counts().forEach((outcome, count) -> counts.put(
        outcome.equals(BucketSpace.FALLS_THROUGH) ? NO_VARIANT : outcome, count));
    if (counts.size() == 1) {
      String only = counts.keySet().iterator().next();
      if (!only.equals(NO_VARIANT)
          && BoundedMatch.fullMatch(control, only) == BoundedMatch.Result.MATCH) {
        return List.of();
      }
    }
    Map<String, Double> measures = new LinkedHashMap<>();
    counts.forEach((outcome, count) -> measures.put(outcome, (double) count / BucketSpace.HASHES));
    return List.of(finding(version, severity(), Segments.name(flag, last), "NOT_CONTROL",
        "The fallback segment " + Segments.label(flag, last) + ", which serves every unit outside "
            + String.join(", ", targeted) + ", gives " + Shares.split(counts, BucketSpace.HASHES)
            + " instead of 100 % control.", measures));
  }

  private static boolean isExperiment(FlagConfig flag, Pattern control) {
    String type = Segments.flagType(flag);
    if (type != null) {
      return type.equals("experiment");
    }
    if (Segments.isGroupFlag(flag)) {
      return false;
    }
    for (String key : flag.variants().keySet()) {
      if (BoundedMatch.fullMatch(control, key) == BoundedMatch.Result.MATCH) {
        return true;
      }
    }
    return false;
  }
}
