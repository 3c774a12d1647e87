package io.expaudit.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * How each engine turns a selected value into strings before comparing (spec §6.2).
 *
 * <p>{@code coerceString}: Kotlin prints maps and lists as kotlinx JSON and everything else with
 * the JVM's {@code toString} ({@code 1.0}, {@code 1.0E21}); JS uses {@code JSON.stringify} for
 * objects and {@code String(x)} otherwise ({@code 1}, {@code 1e+21}).
 *
 * <p>{@code coerceStringList}: a list, or a string starting with {@code [} that parses as a JSON
 * array, becomes its elements as strings, nulls dropped. Kotlin dedupes (a set) and keeps
 * {@code ""}; JS keeps duplicates and drops {@code ""} (spec §6.9 rows 5, 6).
 */
final class Coercion {
  private Coercion() {}

  static String coerceString(Object value, Semantics semantics) {
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      return semantics == Semantics.KOTLIN
          ? JsonText.kotlinxPrint(value)
          : JsonText.jsStringify(value);
    }
    if (value instanceof FlagResult result) {
      return semantics == Semantics.KOTLIN
          ? result.asKotlinString()
          : JsonText.jsStringify(result.asJsObject());
    }
    if (semantics == Semantics.JS && value instanceof Number n) {
      return JsNumbers.toString(n.doubleValue());
    }
    return value.toString();
  }

  /** The value as a list of strings, or null when it is not a list. */
  static String[] coerceStringList(Object value, Semantics semantics) {
    List<?> elements;
    if (value instanceof String s) {
      if (!s.startsWith("[")) {
        return null;
      }
      elements =
          semantics == Semantics.KOTLIN ? JsonText.kotlinxParseArray(s) : JsonText.jsParseArray(s);
      if (elements == null) {
        return null;
      }
    } else if (value instanceof List<?> list) {
      elements = list;
    } else if (semantics == Semantics.JS && value instanceof Map<?, ?>) {
      return null; // String({}) is "[object Object]", which JSON.parse rejects
    } else {
      return null;
    }
    int size = elements.size();
    if (size > 16 || !(elements instanceof java.util.RandomAccess)) {
      return coerceLarge(elements, semantics);
    }
    String[] out = new String[size];
    int n = 0;
    outer:
    for (int i = 0; i < size; i++) {
      String s = coerceString(elements.get(i), semantics);
      if (s == null || semantics == Semantics.JS && s.isEmpty()) {
        continue;
      }
      if (semantics == Semantics.KOTLIN) {
        for (int j = 0; j < n; j++) {
          if (out[j].equals(s)) {
            continue outer; // a set: first occurrence kept
          }
        }
      }
      out[n++] = s;
    }
    return n == size ? out : java.util.Arrays.copyOf(out, n);
  }

  private static String[] coerceLarge(List<?> elements, Semantics semantics) {
    if (semantics == Semantics.KOTLIN) {
      LinkedHashSet<String> set = new LinkedHashSet<>();
      for (Object e : elements) {
        String s = coerceString(e, semantics);
        if (s != null) {
          set.add(s);
        }
      }
      return set.toArray(new String[0]);
    }
    List<String> out = new ArrayList<>(elements.size());
    for (Object e : elements) {
      String s = coerceString(e, semantics);
      if (s != null && !s.isEmpty()) {
        out.add(s);
      }
    }
    return out.toArray(new String[0]);
  }
}
