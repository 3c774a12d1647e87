package io.expaudit.eval;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A compiled selector path into the evaluation target {@code {context, result}} (spec §5.2).
 *
 * <p>Kotlin steps through maps (and result variants' {@code key}, {@code value},
 * {@code metadata}) only; JS steps through any object, arrays included, and an empty path
 * element selects nothing. Both treat JSON null as missing.
 */
final class Selector implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] path;
  private final Semantics semantics;

  Selector(List<String> path, Semantics semantics) {
    this.path = path.toArray(new String[0]);
    this.semantics = semantics;
  }

  /** True when the path starts at {@code result}: it reads another flag's result. */
  boolean readsResult() {
    return path.length > 0 && path[0].equals("result");
  }

  /** True when the path can select anything ({@code context...} or {@code result...}). */
  boolean isKnownRoot() {
    return path.length > 0 && (path[0].equals("context") || path[0].equals("result"));
  }

  Object select(Map<String, Object> context, Map<String, FlagResult> results) {
    if (path.length == 0) {
      return null;
    }
    Object current;
    String root = path[0];
    if (semantics == Semantics.JS && root.isEmpty()) {
      return null;
    }
    if (root.equals("context")) {
      current = context;
    } else if (root.equals("result")) {
      current = results;
    } else {
      return null;
    }
    for (int i = 1; i < path.length && current != null; i++) {
      current = step(current, path[i]);
    }
    return current;
  }

  private Object step(Object current, String key) {
    if (current instanceof Map<?, ?> map) {
      if (semantics == Semantics.JS && key.isEmpty()) {
        return null;
      }
      return map.get(key);
    }
    if (current instanceof FlagResult result) {
      return result.select(key, semantics);
    }
    if (semantics == Semantics.JS && current instanceof List<?> list && !key.isEmpty()) {
      if (key.equals("length")) {
        return list.size();
      }
      if (JsObjects.isArrayIndex(key)) {
        long index = Long.parseLong(key);
        return index < list.size() ? list.get((int) index) : null;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return String.join(".", path);
  }
}
