package io.expaudit.lint;

import io.expaudit.config.ConditionConfig;
import io.expaudit.config.FlagConfig;
import io.expaudit.config.SegmentConfig;
import io.expaudit.config.VariantConfig;
import io.expaudit.eval.Operators;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What the lints ask about segments and flags, read off the configs (spec §2, §3). */
final class Segments {
  /** Segments Amplitude writes itself (spec §2.1, §4): they are not user targeting. */
  private static final Set<String> SYSTEM_NAMES =
      Set.of("individual-inclusions", "flag-dependencies", "sticky-bucketing");

  /** Group flags (spec §4.2): structural, named and weighted by Amplitude. */
  private static final Set<String> GROUP_TYPES =
      Set.of("holdout-group", "mutual-exclusion-group", "release-group");

  /** Set operators and their negations: one of a pair with the same selector and values is false. */
  private static final Map<String, String> NEGATED_SET_OPERATORS = Map.of(
      "set is", "set is not",
      "set contains", "set does not contain",
      "set contains any", "set does not contain any");

  private Segments() {}

  /** The segment's name for the {@code segment} column: its {@code segmentName}, else {@code #n}. */
  static String name(FlagConfig flag, int index) {
    String name = flag.segments().get(index).segmentName();
    return name != null ? name : "#" + (index + 1);
  }

  /** The segment for people: {@code 'EU' (#2)}, or {@code #2} without a name. */
  static String label(FlagConfig flag, int index) {
    String name = flag.segments().get(index).segmentName();
    return name != null ? "'" + name + "' (#" + (index + 1) + ")" : "#" + (index + 1);
  }

  static String flagType(FlagConfig flag) {
    Object type = flag.metadata() == null ? null : flag.metadata().get("flagType");
    return type instanceof String s ? s : null;
  }

  /** Holdout, mutual-exclusion and release groups, and anything else not deployed. */
  static boolean isGroupFlag(FlagConfig flag) {
    return !flag.deployed() || GROUP_TYPES.contains(flagType(flag));
  }

  /** Whether the variant is the flag's fallback ({@code metadata.default = true}, e.g. off). */
  static boolean isDefaultVariant(FlagConfig flag, String key) {
    VariantConfig variant = flag.variants().get(key);
    return variant != null && variant.isDefault();
  }

  /** A variant a unit is really put in: a key of the flag that is not its default variant. */
  static boolean isRealVariant(FlagConfig flag, String outcome) {
    return !outcome.equals(BucketSpace.FALLS_THROUGH) && !isDefaultVariant(flag, outcome);
  }

  /**
   * Inclusions, dependency gates and sticky bucketing, which Amplitude generates: by name, or
   * because every condition reads another flag's result.
   */
  static boolean isSystem(SegmentConfig segment) {
    if (SYSTEM_NAMES.contains(segment.segmentName())) {
      return true;
    }
    if (segment.conditions() == null || segment.conditions().isEmpty()) {
      return false;
    }
    for (List<ConditionConfig> group : segment.conditions()) {
      for (ConditionConfig condition : group) {
        if (condition.selector().isEmpty() || !condition.selector().get(0).equals("result")) {
          return false;
        }
      }
    }
    return true;
  }

  /** Absent conditions, or an empty AND group: every unit matches (spec §3). */
  static boolean matchesEveryone(SegmentConfig segment) {
    if (segment.conditions() == null) {
      return true;
    }
    for (List<ConditionConfig> group : segment.conditions()) {
      if (group.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why no unit can match the segment, or null when some may: an empty condition list (spec §3:
   * an empty OR never matches), or every AND group holding an unknown operator (always false,
   * spec §6.3) or a set operator next to its own negation on the same selector and values.
   */
  static String whyNeverMatches(SegmentConfig segment) {
    List<List<ConditionConfig>> groups = segment.conditions();
    if (groups == null) {
      return null;
    }
    if (groups.isEmpty()) {
      return "its condition list is empty, and an empty list of condition groups never matches";
    }
    List<String> reasons = new ArrayList<>();
    for (List<ConditionConfig> group : groups) {
      String reason = whyGroupIsFalse(group);
      if (reason == null) {
        return null;
      }
      if (!reasons.contains(reason)) {
        reasons.add(reason);
      }
    }
    return String.join("; ", reasons);
  }

  /** Why an AND group of conditions is false for every unit, or null when it may hold. */
  static String whyGroupIsFalse(List<ConditionConfig> group) {
    for (ConditionConfig condition : group) {
      if (!Operators.isKnown(condition.op())) {
        return "operator '" + condition.op() + "' on " + path(condition.selector())
            + " is unknown to Amplitude's engines, which treat it as false";
      }
    }
    for (ConditionConfig a : group) {
      String negation = NEGATED_SET_OPERATORS.get(a.op());
      if (negation == null) {
        continue;
      }
      for (ConditionConfig b : group) {
        if (b.op().equals(negation)
            && b.selector().equals(a.selector())
            && new HashSet<>(b.values()).equals(new HashSet<>(a.values()))) {
          return "'" + describe(a) + "' and '" + describe(b) + "' cannot both hold";
        }
      }
    }
    return null;
  }

  /**
   * Whether every unit that matches the segment gets a variant from it, so evaluation stops there:
   * every hash outcome is a variant of the flag, and so is the default that units without a
   * bucketing value get.
   */
  static boolean alwaysYields(FlagConfig flag, int index) {
    SegmentConfig segment = flag.segments().get(index);
    if (BucketSpace.resolve(flag, segment.variant()).equals(BucketSpace.FALLS_THROUGH)) {
      return false;
    }
    return !BucketSpace.of(flag, index).counts().containsKey(BucketSpace.FALLS_THROUGH);
  }

  /** A segment's place in an older and a newer version of a flag. */
  record Pair(int older, int newer) {}

  /** How the segments of two versions correspond. */
  record Matching(List<Pair> pairs, List<Integer> removed, List<Integer> added, boolean reordered) {}

  /**
   * Pairs the segments of two versions: by name when every segment of both has a name used once,
   * else by position.
   */
  static Matching match(FlagConfig older, FlagConfig newer) {
    List<Pair> pairs = new ArrayList<>();
    List<Integer> removed = new ArrayList<>();
    List<Integer> added = new ArrayList<>();
    Map<String, Integer> oldByName = uniqueNames(older);
    Map<String, Integer> newByName = uniqueNames(newer);
    if (oldByName != null && newByName != null) {
      for (int i = 0; i < older.segments().size(); i++) {
        Integer j = newByName.get(older.segments().get(i).segmentName());
        if (j == null) {
          removed.add(i);
        } else {
          pairs.add(new Pair(i, j));
        }
      }
      for (int j = 0; j < newer.segments().size(); j++) {
        if (!oldByName.containsKey(newer.segments().get(j).segmentName())) {
          added.add(j);
        }
      }
    } else {
      int common = Math.min(older.segments().size(), newer.segments().size());
      for (int i = 0; i < common; i++) {
        pairs.add(new Pair(i, i));
      }
      for (int i = common; i < older.segments().size(); i++) {
        removed.add(i);
      }
      for (int j = common; j < newer.segments().size(); j++) {
        added.add(j);
      }
    }
    boolean reordered = false;
    for (int k = 1; k < pairs.size(); k++) {
      reordered |= pairs.get(k).newer() < pairs.get(k - 1).newer();
    }
    return new Matching(pairs, removed, added, reordered);
  }

  private static Map<String, Integer> uniqueNames(FlagConfig flag) {
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < flag.segments().size(); i++) {
      String name = flag.segments().get(i).segmentName();
      if (name == null || byName.put(name, i) != null) {
        return null;
      }
    }
    return byName;
  }

  /** Conditions for people: {@code user.country is [US, CA] and ...}, groups joined by {@code or}. */
  static String describe(List<List<ConditionConfig>> groups) {
    if (groups == null) {
      return "everyone";
    }
    if (groups.isEmpty()) {
      return "nobody (empty condition list)";
    }
    List<String> parts = new ArrayList<>();
    for (List<ConditionConfig> group : groups) {
      List<String> conditions = new ArrayList<>();
      for (ConditionConfig condition : group) {
        conditions.add(describe(condition));
      }
      String and = conditions.isEmpty() ? "everyone" : String.join(" and ", conditions);
      parts.add(groups.size() > 1 && conditions.size() > 1 ? "(" + and + ")" : and);
    }
    return String.join(" or ", parts);
  }

  /** At most this many values of a condition are written out; inclusion lists run to thousands. */
  private static final int VALUES_SHOWN = 5;

  static String describe(ConditionConfig condition) {
    List<String> values = condition.values();
    String shown = values.size() <= VALUES_SHOWN
        ? String.join(", ", values)
        : String.join(", ", values.subList(0, VALUES_SHOWN))
            + String.format(Locale.ROOT, ", … %d more", values.size() - VALUES_SHOWN);
    return path(condition.selector()) + " " + condition.op() + " [" + shown + "]";
  }

  /** A selector without its {@code context} root: {@code user.country}, {@code result.f.key}. */
  static String path(List<String> selector) {
    List<String> parts = selector.isEmpty() || !selector.get(0).equals("context")
        ? selector : selector.subList(1, selector.size());
    return parts.isEmpty() ? "(nothing)" : String.join(".", parts);
  }
}
