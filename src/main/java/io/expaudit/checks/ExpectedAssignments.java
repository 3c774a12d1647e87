package io.expaudit.checks;

import io.expaudit.config.ConditionConfig;
import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagHistory;
import io.expaudit.config.FlagHistory.FlagVersion;
import io.expaudit.config.SegmentConfig;
import io.expaudit.eval.FlagEvaluator;
import io.expaudit.eval.FlagResult;
import io.expaudit.eval.Semantics;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recomputes what an event should have logged for a flag (DESIGN.md, Definitions): the config
 * version in force is the event's {@code details} version when present, otherwise the newest
 * version first captured at or before the event; dependencies are evaluated from the newest
 * snapshot at or before the event. Evaluators are compiled once per (snapshot, flag, version) and
 * cached; the object is serializable (the cache is rebuilt where it is used) and thread-safe.
 */
public final class ExpectedAssignments implements Serializable {
  private static final long serialVersionUID = 1L;

  private final FlagHistory history;
  private final Semantics semantics;
  private final boolean cohortsKnown;
  private transient Map<EvaluatorKey, FlagEvaluator> cache;

  /** A compiled evaluator's identity: the snapshot its dependencies come from, and the version. */
  private record EvaluatorKey(int snapshot, String flagKey, long version) {}

  /**
   * @param cohortsKnown whether contexts carry cohort membership; without it a result decided at
   *     or after a cohort condition is {@link Expectation.Status#UNVERIFIABLE}
   */
  public ExpectedAssignments(FlagHistory history, Semantics semantics, boolean cohortsKnown) {
    this.history = history;
    this.semantics = semantics;
    this.cohortsKnown = cohortsKnown;
  }

  public FlagHistory history() {
    return history;
  }

  /** The expectation for {@code flagKey} at {@code time} with {@code context}. */
  public Expectation expect(
      String flagKey, long time, Long detailsVersion, Map<String, Object> context) {
    Instant at = Instant.ofEpochMilli(time);
    FlagVersion version;
    if (detailsVersion != null) {
      version = history.version(flagKey, detailsVersion);
      if (version == null) {
        return new Expectation(Expectation.Status.VERSION_UNKNOWN, detailsVersion, null, null);
      }
    } else {
      version = history.versionInForce(flagKey, at);
      if (version == null) {
        return new Expectation(Expectation.Status.BEFORE_HISTORY, null, null, null);
      }
      if (!history.servedAt(flagKey, at)) {
        return new Expectation(
            Expectation.Status.NOT_SERVED, version.version(), version.config(), null);
      }
    }
    int snapshot = history.snapshotIndexAt(at);
    if (snapshot < 0) {
      snapshot = history.snapshotIndexAt(version.firstSeen());
    }
    FlagEvaluator evaluator = evaluator(snapshot, version);
    FlagResult result = null;
    for (FlagResult outcome : evaluator.evaluate(context).outcomes()) {
      if (outcome.flagKey().equals(flagKey)) {
        result = outcome;
      }
    }
    if (!cohortsKnown && dependsOnCohorts(version.config(), result)) {
      return new Expectation(
          Expectation.Status.UNVERIFIABLE, version.version(), version.config(), null);
    }
    return new Expectation(
        Expectation.Status.VERIFIED, version.version(), version.config(), result);
  }

  private FlagEvaluator evaluator(int snapshot, FlagVersion version) {
    if (cache == null) {
      synchronized (this) {
        if (cache == null) {
          cache = new ConcurrentHashMap<>();
        }
      }
    }
    return cache.computeIfAbsent(new EvaluatorKey(snapshot, version.flagKey(), version.version()), k -> {
      List<FlagConfig> payload = new ArrayList<>();
      boolean replaced = false;
      for (FlagConfig flag : history.snapshots().get(snapshot).flags()) {
        if (flag.key().equals(version.flagKey())) {
          payload.add(version.config());
          replaced = true;
        } else {
          payload.add(flag);
        }
      }
      if (!replaced) {
        payload.add(version.config());
      }
      return FlagEvaluator.compile(payload, semantics, Set.of(version.flagKey()));
    });
  }

  /**
   * True when a segment at or before the deciding one has a cohort condition: whether it matched
   * cannot be known without membership data. A flag that matched no segment is checked entirely.
   */
  static boolean dependsOnCohorts(FlagConfig config, FlagResult result) {
    int last = result == null || result.segmentIndex() < 0
        ? config.segments().size() - 1
        : result.segmentIndex();
    for (int i = 0; i <= last && i < config.segments().size(); i++) {
      SegmentConfig segment = config.segments().get(i);
      if (segment.conditions() == null) {
        continue;
      }
      for (List<ConditionConfig> group : segment.conditions()) {
        for (ConditionConfig condition : group) {
          List<String> selector = condition.selector();
          if (!selector.isEmpty() && selector.get(selector.size() - 1).equals("cohort_ids")) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
