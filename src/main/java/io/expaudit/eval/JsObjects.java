package io.expaudit.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JavaScript's property order for plain objects: keys that are array indices ({@code "0"},
 * {@code "17"}, below 2^32 − 1) first in ascending numeric order, then the other keys in
 * insertion order. It decides {@code JSON.stringify} output and the JS engine's flag order
 * (spec §6.9 row 16).
 */
final class JsObjects {
  private JsObjects() {}

  static boolean isArrayIndex(String key) {
    int n = key.length();
    if (n == 0 || n > 10) {
      return false;
    }
    if (key.charAt(0) == '0') {
      return n == 1;
    }
    for (int i = 0; i < n; i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return Long.parseLong(key) < 4294967295L;
  }

  /** The entries of {@code map} (string keys only) in JS property order. */
  @SuppressWarnings("unchecked")
  static List<Map.Entry<String, Object>> ordered(Map<?, ?> map) {
    List<Map.Entry<String, Object>> indices = new ArrayList<>();
    List<Map.Entry<String, Object>> others = new ArrayList<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (e.getKey() instanceof String key) {
        (isArrayIndex(key) ? indices : others).add((Map.Entry<String, Object>) e);
      }
    }
    if (indices.isEmpty()) {
      return others;
    }
    indices.sort((a, b) -> Long.compare(Long.parseLong(a.getKey()), Long.parseLong(b.getKey())));
    indices.addAll(others);
    return indices;
  }

  /** Keys in JS property order. */
  static List<String> orderedKeys(List<String> keys) {
    List<String> indices = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (String key : keys) {
      (isArrayIndex(key) ? indices : others).add(key);
    }
    indices.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
    indices.addAll(others);
    return indices;
  }
}
