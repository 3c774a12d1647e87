package io.expaudit.eval;

import io.expaudit.config.ConditionConfig;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition with everything that does not depend on the context done once: the operator
 * resolved, filter values deduped (Kotlin keeps them in a set, JS in a list, spec §6.9 row 10),
 * lower-cased, parsed as numbers and versions, and regexes compiled.
 */
final class CompiledCondition implements Serializable {
  private static final long serialVersionUID = 1L;

  final Selector selector;
  final Operator op;
  final String opName;
  private final Semantics semantics;
  private final String[] values;
  private final Set<String> valueSet;
  private final String[] lowerValues;
  private final boolean containsNone;
  private final boolean containsBooleans;
  private final double[] numbers;
  private final SemanticVersion[] versions;
  private transient Pattern[] patterns;
  private transient String[] patternErrors;

  CompiledCondition(ConditionConfig config, Semantics semantics) {
    this.selector = new Selector(config.selector(), semantics);
    this.opName = config.op();
    this.op = Operator.of(config.op());
    this.semantics = semantics;
    this.values =
        semantics == Semantics.KOTLIN
            ? new LinkedHashSet<>(config.values()).toArray(new String[0])
            : config.values().toArray(new String[0]);
    this.valueSet = new HashSet<>(Arrays.asList(values));
    this.lowerValues = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      lowerValues[i] = values[i].toLowerCase(Locale.ROOT);
    }
    this.containsNone = valueSet.contains("(none)");
    this.containsBooleans = containsBooleans(values, semantics);
    this.numbers = op.isNumeric() ? parseNumbers(values, semantics) : null;
    this.versions = op.isVersion() ? parseVersions(values, semantics) : null;
    compilePatterns();
  }

  /** Invalid regex filter values, each with its reason; empty when all compile. */
  List<String> regexErrors() {
    List<String> errors = new ArrayList<>();
    if (patternErrors != null) {
      for (int i = 0; i < values.length; i++) {
        if (patternErrors[i] != null) {
          errors.add("/" + values[i] + "/: " + patternErrors[i]);
        }
      }
    }
    return errors;
  }

  boolean matches(Map<String, Object> context, Map<String, FlagResult> results) {
    Object property = selector.select(context, results);
    if (property == null) {
      return matchNull();
    }
    if (property instanceof Number n && numbers != null && numbers.length > 0
        && (n instanceof Integer || n instanceof Long || n instanceof Double)) {
      // toString then parse round-trips exactly for these: compare the double directly
      return matchesNumber(n.doubleValue());
    }
    String[] list = Coercion.coerceStringList(property, semantics);
    if (op.isSet()) {
      return list != null && matchSet(list);
    }
    if (list != null) {
      for (String element : list) {
        if (matchString(element)) {
          return true; // any element (spec §6.1), negated operators included
        }
      }
      return false;
    }
    return matchString(Coercion.coerceString(property, semantics));
  }

  /** A missing property (spec §6.3). */
  private boolean matchNull() {
    return switch (op) {
      case IS, CONTAINS, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL, VERSION_LESS,
          VERSION_LESS_OR_EQUAL, VERSION_GREATER, VERSION_GREATER_OR_EQUAL, SET_IS, SET_CONTAINS,
          SET_CONTAINS_ANY -> containsNone;
      case IS_NOT, DOES_NOT_CONTAIN, SET_DOES_NOT_CONTAIN, SET_DOES_NOT_CONTAIN_ANY ->
          !containsNone;
      // spec §6.9 row 1: Kotlin says true, JS false
      case REGEX_DOES_NOT_MATCH, SET_IS_NOT -> semantics == Semantics.KOTLIN;
      case REGEX_MATCH, UNKNOWN -> false;
    };
  }

  private boolean matchString(String s) {
    return switch (op) {
      case IS -> matchesIs(s);
      case IS_NOT -> !matchesIs(s);
      case CONTAINS -> matchesContains(s);
      case DOES_NOT_CONTAIN -> !matchesContains(s);
      case LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> matchesNumber(s);
      case VERSION_LESS, VERSION_LESS_OR_EQUAL, VERSION_GREATER, VERSION_GREATER_OR_EQUAL ->
          matchesVersion(s);
      case REGEX_MATCH -> matchesRegex(s);
      case REGEX_DOES_NOT_MATCH -> !matchesRegex(s);
      default -> false;
    };
  }

  private boolean matchesIs(String s) {
    if (containsBooleans) {
      if (semantics == Semantics.KOTLIN) {
        if (isBooleanKotlin(s)) {
          for (String v : values) {
            if (s.equalsIgnoreCase(v)) {
              return true;
            }
          }
          return false;
        }
      } else {
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) {
          for (String v : lowerValues) {
            if (v.equals(lower)) {
              return true;
            }
          }
          return false;
        }
      }
    }
    return valueSet.contains(s);
  }

  /** {@code is}-equality of one filter value against a list property (set operators). */
  private boolean isIn(String filterValue, String[] list) {
    if (containsBooleans(list, semantics)) {
      if (semantics == Semantics.KOTLIN) {
        if (isBooleanKotlin(filterValue)) {
          for (String m : list) {
            if (filterValue.equalsIgnoreCase(m)) {
              return true;
            }
          }
          return false;
        }
      } else {
        String lower = filterValue.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) {
          for (String m : list) {
            if (m.toLowerCase(Locale.ROOT).equals(lower)) {
              return true;
            }
          }
          return false;
        }
      }
    }
    for (String m : list) {
      if (m.equals(filterValue)) {
        return true;
      }
    }
    return false;
  }

  private boolean matchesContains(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    for (String v : lowerValues) {
      if (lower.contains(v)) {
        return true;
      }
    }
    return false;
  }

  private boolean matchesNumber(double p) {
    for (double f : numbers) {
      boolean hit =
          semantics == Semantics.JS
              ? switch (op) {
                case LESS -> p < f;
                case LESS_OR_EQUAL -> p <= f;
                case GREATER -> p > f;
                default -> p >= f;
              }
              : op.accepts(Double.compare(p, f));
      if (hit) {
        return true;
      }
    }
    return false;
  }

  /** Spec §6.6: Kotlin parses with parseDouble and falls back to strings; JS uses Number(). */
  private boolean matchesNumber(String s) {
    if (semantics == Semantics.JS) {
      double p = JsNumbers.parse(s);
      for (double f : numbers) {
        boolean hit =
            switch (op) {
              case LESS -> p < f;
              case LESS_OR_EQUAL -> p <= f;
              case GREATER -> p > f;
              default -> p >= f;
            };
        if (hit) {
          return true;
        }
      }
      return false;
    }
    Double p = parseDoubleOrNull(s);
    if (p == null || numbers.length == 0) {
      return matchesStrings(s);
    }
    for (double f : numbers) {
      if (op.accepts(Double.compare(p, f))) { // Double.compareTo: NaN largest, -0 < 0
        return true;
      }
    }
    return false;
  }

  private boolean matchesVersion(String s) {
    SemanticVersion p = SemanticVersion.parse(s, semantics);
    if (p == null || versions.length == 0) {
      return matchesStrings(s);
    }
    for (SemanticVersion f : versions) {
      if (op.accepts(p.compareTo(f))) {
        return true;
      }
    }
    return false;
  }

  private boolean matchesStrings(String s) {
    for (String v : values) {
      if (op.accepts(s.compareTo(v))) {
        return true;
      }
    }
    return false;
  }

  private boolean matchesRegex(String s) {
    for (int i = 0; i < values.length; i++) {
      if (patterns[i] == null) {
        throw new EvaluationException(
            "invalid regex /" + values[i] + "/ in a condition on " + selector + ": "
                + patternErrors[i]);
      }
      if (Regexes.matches(patterns[i], s, semantics)) {
        return true;
      }
    }
    return false;
  }

  /** Spec §6.5; Kotlin compares deduped sets, JS raw arrays. */
  private boolean matchSet(String[] list) {
    return switch (op) {
      case SET_IS -> setEquals(list);
      case SET_IS_NOT -> !setEquals(list);
      case SET_CONTAINS -> containsAll(list);
      case SET_DOES_NOT_CONTAIN -> !containsAll(list);
      case SET_CONTAINS_ANY -> containsAny(list);
      case SET_DOES_NOT_CONTAIN_ANY -> !containsAny(list);
      default -> false;
    };
  }

  private boolean setEquals(String[] list) {
    Set<String> listSet = new HashSet<>(Arrays.asList(list));
    return listSet.size() == valueSet.size() && listSet.containsAll(valueSet);
  }

  private boolean containsAll(String[] list) {
    if (list.length < values.length) {
      return false;
    }
    for (String v : values) {
      if (!isIn(v, list)) {
        return false;
      }
    }
    return true;
  }

  private boolean containsAny(String[] list) {
    for (String v : values) {
      if (isIn(v, list)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isBooleanKotlin(String s) {
    return s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false");
  }

  private static boolean containsBooleans(String[] values, Semantics semantics) {
    for (String v : values) {
      if (semantics == Semantics.KOTLIN
          ? isBooleanKotlin(v)
          : v.toLowerCase(Locale.ROOT).equals("true") || v.toLowerCase(Locale.ROOT).equals("false")) {
        return true;
      }
    }
    return false;
  }

  private static Double parseDoubleOrNull(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static double[] parseNumbers(String[] values, Semantics semantics) {
    if (semantics == Semantics.JS) {
      double[] out = new double[values.length];
      for (int i = 0; i < values.length; i++) {
        out[i] = JsNumbers.parse(values[i]);
      }
      return out;
    }
    return Arrays.stream(values)
        .map(CompiledCondition::parseDoubleOrNull)
        .filter(d -> d != null)
        .mapToDouble(Double::doubleValue)
        .toArray();
  }

  private static SemanticVersion[] parseVersions(String[] values, Semantics semantics) {
    return Arrays.stream(values)
        .map(v -> SemanticVersion.parse(v, semantics))
        .filter(v -> v != null)
        .toArray(SemanticVersion[]::new);
  }

  private void compilePatterns() {
    if (op != Operator.REGEX_MATCH && op != Operator.REGEX_DOES_NOT_MATCH) {
      return;
    }
    patterns = new Pattern[values.length];
    patternErrors = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      try {
        patterns[i] = Regexes.compile(values[i], semantics);
      } catch (PatternSyntaxException e) {
        patternErrors[i] = e.getDescription();
      }
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    compilePatterns();
  }
}
