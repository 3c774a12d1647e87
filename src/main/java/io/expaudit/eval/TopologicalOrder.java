package io.expaudit.eval;

import io.expaudit.config.FlagConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SDKs' flag order (spec §4.1): depth-first over the requested keys (all keys in map order
 * if none), dependencies before dependents, each flag once; dependencies missing from the payload
 * are skipped; a dependency already on the current path is a cycle.
 */
final class TopologicalOrder {
  private TopologicalOrder() {}

  /**
   * Keys the way each engine holds them: the last flag of a key wins and keeps the first one's
   * position; JS lists integer-like keys first (a plain object, spec §6.9 row 16).
   */
  static Map<String, FlagConfig> byKey(List<FlagConfig> flags, Semantics semantics) {
    Map<String, FlagConfig> byKey = new LinkedHashMap<>();
    for (FlagConfig flag : flags) {
      byKey.put(flag.key(), flag);
    }
    if (semantics == Semantics.KOTLIN) {
      return byKey;
    }
    Map<String, FlagConfig> ordered = new LinkedHashMap<>();
    for (String key : JsObjects.orderedKeys(new ArrayList<>(byKey.keySet()))) {
      ordered.put(key, byKey.get(key));
    }
    return ordered;
  }

  static List<FlagConfig> sort(Map<String, FlagConfig> byKey, Set<String> requested) {
    Map<String, FlagConfig> available = new LinkedHashMap<>(byKey);
    List<FlagConfig> out = new ArrayList<>();
    Iterable<String> start =
        requested == null || requested.isEmpty() ? new ArrayList<>(byKey.keySet()) : requested;
    for (String key : start) {
      visit(key, available, new LinkedHashSet<>(), out);
    }
    return out;
  }

  private static void visit(
      String key, Map<String, FlagConfig> available, Set<String> path, List<FlagConfig> out) {
    FlagConfig flag = available.get(key);
    if (flag == null) {
      return; // missing, or already emitted
    }
    if (flag.dependencies().isEmpty()) {
      available.remove(key);
      out.add(flag);
      return;
    }
    path.add(key);
    for (String dependency : flag.dependencies()) {
      if (path.contains(dependency)) {
        throw new DependencyCycleException(new ArrayList<>(path));
      }
      visit(dependency, available, path, out);
    }
    out.add(flag);
    path.remove(key);
    available.remove(key);
  }
}
