package io.expaudit.lint;

import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagHistory;
import io.expaudit.config.FlagHistory.FlagVersion;
import io.expaudit.config.SegmentConfig;
import io.expaudit.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code STALE_FLAG} (INFO): a deployed flag, still in the newest snapshot, whose newest version
 * was first captured at least {@link LintSettings#staleDays()} days before that snapshot, and that
 * gives every unit with a bucketing value one and the same variant: every segment that can match,
 * down to the first that takes everyone, serves only that variant (exact, over the bucket
 * ranges), and no unit is left without one. Group flags are skipped. {@code ONE_VARIANT} when it
 * serves a real variant, {@code ALWAYS_DEFAULT} when it serves only the default ({@code off}).
 */
public final class StaleFlagLint implements ConfigLint {
  private static final String NO_VARIANT = "(no variant)";

  @Override
  public String id() {
    return "STALE_FLAG";
  }

  @Override
  public Severity severity() {
    return Severity.INFO;
  }

  @Override
  public String explanation() {
    return "A flag that has served one variant to everyone for weeks is no longer a decision: it"
        + " is dead configuration that every SDK still downloads and evaluates, whose other code"
        + " path nobody tests any more, and which someone may one day flip by mistake. With"
        + " hundreds of flags, stale ones are where legacy variants and inconsistent behaviour"
        + " hide.";
  }

  @Override
  public String fixHint() {
    return "Ship the variant everyone gets as the only code path, then archive the flag (or, for"
        + " an experiment, record its decision and archive it).";
  }

  @Override
  public List<LintFinding> lint(FlagHistory history, LintSettings settings) {
    List<LintFinding> findings = new ArrayList<>();
    if (history.snapshots().isEmpty()) {
      return findings;
    }
    Instant end = history.snapshots().get(history.snapshots().size() - 1).capturedAt();
    for (String key : history.flagKeys()) {
      List<FlagVersion> versions = history.versions(key);
      FlagVersion newest = versions.get(versions.size() - 1);
      if (!history.servedAt(key, end) || Segments.isGroupFlag(newest.config())) {
        continue;
      }
      long days = Duration.between(newest.firstSeen(), end).toDays();
      Set<String> served = served(newest.config());
      if (days < settings.staleDays() || served.size() != 1 || served.contains(NO_VARIANT)) {
        continue;
      }
      String variant = served.iterator().next();
      boolean isDefault = Segments.isDefaultVariant(newest.config(), variant);
      findings.add(finding(newest, null, isDefault ? "ALWAYS_DEFAULT" : "ONE_VARIANT",
          "Version " + newest.version() + " has not changed for at least " + days + " days (first"
              + " captured " + newest.firstSeen() + ", still served " + end + ") and gives every"
              + " unit '" + variant + "'" + (isDefault ? ", its default: the flag does nothing." : ".")));
    }
    return findings;
  }

  /**
   * The variants units with a bucketing value can get, {@code (no variant)} included when some
   * get none.
   */
  static Set<String> served(FlagConfig flag) {
    Set<String> served = new LinkedHashSet<>();
    for (int i = 0; i < flag.segments().size(); i++) {
      SegmentConfig segment = flag.segments().get(i);
      if (Segments.whyNeverMatches(segment) != null) {
        continue;
      }
      Set<String> outcomes = BucketSpace.of(flag, i).counts().keySet();
      for (String outcome : outcomes) {
        if (!outcome.equals(BucketSpace.FALLS_THROUGH)) {
          served.add(outcome);
        }
      }
      if (Segments.matchesEveryone(segment) && !outcomes.contains(BucketSpace.FALLS_THROUGH)) {
        return served;
      }
    }
    served.add(NO_VARIANT);
    return served;
  }
}
