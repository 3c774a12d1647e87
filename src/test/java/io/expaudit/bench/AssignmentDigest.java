package io.expaudit.bench;

import io.expaudit.eval.FlagEvaluator;
import io.expaudit.eval.FlagResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a pass over the workload assigned, in a form {@code bench-js-engine.mjs} computes the same
 * way, so the Java and node runs can be shown to do the same work: the number of results, and a
 * 32-bit FNV-1a over the UTF-16 code units of, for each context in order, its results as
 * {@code flagKey=variantKey;} in ascending flag-key order followed by {@code \n}. Undeployed
 * (group) results are included, as both engines return them.
 */
record AssignmentDigest(int contexts, long results, String fnv1a32) {
  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;

  static AssignmentDigest of(FlagEvaluator evaluator, List<Map<String, Object>> contexts) {
    return of(evaluator, contexts, null);
  }

  /** Also fills {@code counts} (flag -> variant -> users) when not null. */
  static AssignmentDigest of(FlagEvaluator evaluator, List<Map<String, Object>> contexts,
      Map<String, Map<String, Integer>> counts) {
    int h = FNV_OFFSET;
    long results = 0;
    for (Map<String, Object> context : contexts) {
      Map<String, FlagResult> byKey = evaluator.evaluate(context).results();
      List<String> keys = new ArrayList<>(byKey.keySet());
      Collections.sort(keys);
      for (String key : keys) {
        String variant = byKey.get(key).variantKey();
        h = feed(h, key);
        h = feed(h, "=");
        h = feed(h, variant);
        h = feed(h, ";");
        results++;
        if (counts != null) {
          counts.computeIfAbsent(key, k -> new TreeMap<>()).merge(variant, 1, Integer::sum);
        }
      }
      h = feed(h, "\n");
    }
    return new AssignmentDigest(contexts.size(), results, String.format("%08x", h));
  }

  private static int feed(int h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= FNV_PRIME;
    }
    return h;
  }
}
