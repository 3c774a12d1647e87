package io.expaudit.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the sequential test of one flag version remembers between runs: the looks counted so far,
 * per funnel stage (health-checks §1.7: "persist max-BF-so-far per flag and config version"). A
 * new config version starts a new state, because the null split is fixed only within a version.
 *
 * <p>Persisted as JSON by {@code io.expaudit.spark.SrmStateStore}; the component names are the
 * file format.
 */
public record SequentialState(String flagKey, long flagVersion, Map<Stage, List<Look>> looks) {

  public SequentialState {
    if (flagKey == null) {
      throw new IllegalArgumentException("flag key is required");
    }
    EnumMap<Stage, List<Look>> copy = new EnumMap<>(Stage.class);
    looks.forEach((stage, list) -> {
      List<String> ids = list.stream().map(Look::id).toList();
      if (ids.stream().distinct().count() != ids.size()) {
        throw new IllegalArgumentException(
            "flag " + flagKey + " v" + flagVersion + " " + stage.key() + ": a look id repeats");
      }
      if (!list.isEmpty()) {
        copy.put(stage, List.copyOf(list));
      }
    });
    looks = Collections.unmodifiableMap(copy);
  }

  /** A state without looks. */
  public static SequentialState empty(String flagKey, long flagVersion) {
    return new SequentialState(flagKey, flagVersion, Map.of());
  }

  /** The looks of one stage, oldest first. */
  public List<Look> looks(Stage stage) {
    return looks.getOrDefault(stage, List.of());
  }

  /** This state with {@code look} counted at {@code stage}, replacing a look with the same id. */
  public SequentialState record(Stage stage, Look look) {
    List<Look> list = new ArrayList<>(looks(stage));
    list.removeIf(l -> l.id().equals(look.id()));
    list.add(look);
    Map<Stage, List<Look>> all = new EnumMap<>(Stage.class);
    all.putAll(looks);
    all.put(stage, list);
    return new SequentialState(flagKey, flagVersion, all);
  }

  /** The sequential test of a stage over its looks, or null without looks. */
  public Sequential sequential(Stage stage, String currentLookId) {
    List<Look> list = looks(stage);
    if (list.isEmpty()) {
      return null;
    }
    double max = Double.NEGATIVE_INFINITY;
    Double current = null;
    for (Look look : list) {
      max = Math.max(max, look.logBayesFactor());
      if (look.id().equals(currentLookId)) {
        current = look.logBayesFactor();
      }
    }
    return new Sequential(current == null ? list.get(list.size() - 1).logBayesFactor() : current,
        max, list.size());
  }
}
