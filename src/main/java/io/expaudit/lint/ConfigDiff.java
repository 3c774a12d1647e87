package io.expaudit.lint;

import io.expaudit.config.BucketConfig;
import io.expaudit.config.FlagConfig;
import io.expaudit.config.SegmentConfig;
import io.expaudit.config.VariantConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changed between two versions of one flag, as readable lines: metadata that matters
 * (deployed, flag type, evaluation mode, experiment key), variants, dependencies, segments added,
 * removed and reordered, and per segment its conditions, default variant, salt, bucketing key,
 * rollout and weights. Rollout and weights are read off the exact bucket ranges
 * ({@link BucketSpace}), so a change of raw ranges that keeps both is said as such.
 */
public final class ConfigDiff {
  private static final List<String> METADATA_SHOWN =
      List.of("deployed", "flagType", "evaluationMode", "experimentKey");

  private ConfigDiff() {}

  /** The changes from {@code older} to {@code newer}; empty when they evaluate alike. */
  public static List<String> lines(FlagConfig older, FlagConfig newer) {
    List<String> lines = new ArrayList<>();
    for (String key : METADATA_SHOWN) {
      Object before = older.metadata() == null ? null : older.metadata().get(key);
      Object after = newer.metadata() == null ? null : newer.metadata().get(key);
      if (!Objects.equals(before, after)) {
        lines.add(key + ": " + before + " → " + after);
      }
    }
    variants(older, newer, lines);
    if (!older.dependencies().equals(newer.dependencies())) {
      lines.add("dependencies: " + older.dependencies() + " → " + newer.dependencies());
    }
    Segments.Matching matching = Segments.match(older, newer);
    for (int i : matching.removed()) {
      lines.add("segment " + Segments.label(older, i) + " removed");
    }
    for (int j : matching.added()) {
      lines.add("segment " + Segments.label(newer, j) + " added: "
          + Segments.describe(newer.segments().get(j).conditions()) + ", " + serves(newer, j));
    }
    if (matching.reordered()) {
      lines.add("segments reordered: " + order(older) + " → " + order(newer));
    }
    for (Segments.Pair pair : matching.pairs()) {
      segment(older, pair.older(), newer, pair.newer(), lines);
    }
    return lines;
  }

  private static void variants(FlagConfig older, FlagConfig newer, List<String> lines) {
    for (Map.Entry<String, VariantConfig> e : older.variants().entrySet()) {
      VariantConfig after = newer.variants().get(e.getKey());
      if (after == null) {
        lines.add("variant '" + e.getKey() + "' removed");
      } else if (!Objects.equals(e.getValue().value(), after.value())) {
        lines.add("variant '" + e.getKey() + "' value: " + e.getValue().value() + " → " + after.value());
      } else if (!Objects.equals(e.getValue().payload(), after.payload())) {
        lines.add("variant '" + e.getKey() + "' payload changed");
      }
    }
    for (String key : newer.variants().keySet()) {
      if (!older.variants().containsKey(key)) {
        lines.add("variant '" + key + "' added");
      }
    }
  }

  private static void segment(FlagConfig older, int i, FlagConfig newer, int j, List<String> lines) {
    SegmentConfig before = older.segments().get(i);
    SegmentConfig after = newer.segments().get(j);
    String prefix = "segment " + Segments.label(newer, j) + ": ";
    if (!Objects.equals(before.conditions(), after.conditions())) {
      lines.add(prefix + "conditions: " + Segments.describe(before.conditions()) + " → "
          + Segments.describe(after.conditions()));
    }
    if (!Objects.equals(before.variant(), after.variant())) {
      lines.add(prefix + "default variant: " + before.variant() + " → " + after.variant());
    }
    BucketConfig b = before.bucket();
    BucketConfig a = after.bucket();
    if (b == null && a == null) {
      return;
    }
    if (b == null || a == null) {
      lines.add(prefix + (b == null ? "bucket added: " : "bucket removed: ") + serves(newer, j));
      return;
    }
    if (!b.salt().equals(a.salt())) {
      lines.add(prefix + "salt '" + b.salt() + "' → '" + a.salt() + "'");
    }
    if (!b.selector().equals(a.selector())) {
      lines.add(prefix + "bucketing key " + Segments.path(b.selector()) + " → "
          + Segments.path(a.selector()));
    }
    if (b.allocations().equals(a.allocations())) {
      return;
    }
    BucketSpace old = BucketSpace.of(older, i);
    BucketSpace now = BucketSpace.of(newer, j);
    String rolloutBefore = Shares.percent((double) old.allocatedCount() / BucketSpace.HASHES);
    String rolloutAfter = Shares.percent((double) now.allocatedCount() / BucketSpace.HASHES);
    String weightsBefore = weights(old);
    String weightsAfter = weights(now);
    if (!rolloutBefore.equals(rolloutAfter)) {
      lines.add(prefix + "rollout " + rolloutBefore + " → " + rolloutAfter);
    }
    if (!weightsBefore.equals(weightsAfter)) {
      lines.add(prefix + "weights " + weightsBefore + " → " + weightsAfter);
    }
    if (rolloutBefore.equals(rolloutAfter) && weightsBefore.equals(weightsAfter)) {
      lines.add(prefix + "allocation ranges changed; rollout and weights are the same to 0.01 %");
    }
  }

  /** {@code control 50 % / tour 50 %} of the allocated units; {@code none} when nothing is. */
  static String weights(BucketSpace space) {
    long allocated = space.allocatedCount();
    return allocated == 0 ? "none" : Shares.split(space.allocatedCounts(), allocated);
  }

  /** What a segment serves: {@code 'on' to everyone it matches} or its bucketing and split. */
  static String serves(FlagConfig flag, int index) {
    SegmentConfig segment = flag.segments().get(index);
    if (segment.bucket() == null) {
      return "serves '" + segment.variant() + "'";
    }
    BucketSpace space = BucketSpace.of(flag, index);
    return "bucketed by " + Segments.path(segment.bucket().selector()) + ", rollout "
        + Shares.percent((double) space.allocatedCount() / BucketSpace.HASHES) + " ("
        + weights(space) + "), default '" + segment.variant() + "'";
  }

  private static String order(FlagConfig flag) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < flag.segments().size(); i++) {
      names.add(Segments.name(flag, i));
    }
    return String.join(", ", names);
  }
}
