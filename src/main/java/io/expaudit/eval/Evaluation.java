package io.expaudit.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** All flags' outcomes for one context, in evaluation (dependency) order. */
public final class Evaluation {
  private final FlagResult[] outcomes;
  private final Map<String, FlagResult> results;
  private final Semantics semantics;

  Evaluation(FlagResult[] outcomes, Map<String, FlagResult> results, Semantics semantics) {
    this.outcomes = outcomes;
    this.results = results;
    this.semantics = semantics;
  }

  /** One outcome per evaluated flag, those without a result included. */
  public List<FlagResult> outcomes() {
    return Collections.unmodifiableList(java.util.Arrays.asList(outcomes));
  }

  /** Flags that returned a variant, by key, in evaluation order (what the engines return). */
  public Map<String, FlagResult> results() {
    return results;
  }

  /**
   * {@link #results()} in the order the engine's own result object lists them: evaluation order
   * for Kotlin; for JS, a plain object's order, integer-like flag keys first (spec §6.9 row 16).
   */
  public Map<String, FlagResult> resultsInEngineOrder() {
    if (semantics == Semantics.KOTLIN) {
      return results;
    }
    Map<String, FlagResult> ordered = new LinkedHashMap<>();
    for (String key : JsObjects.orderedKeys(new ArrayList<>(results.keySet()))) {
      ordered.put(key, results.get(key));
    }
    return ordered;
  }
}
