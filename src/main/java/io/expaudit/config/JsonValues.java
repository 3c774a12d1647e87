package io.expaudit.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Jackson trees into the plain Java values the engine evaluates: {@code Map} (insertion
 * ordered), {@code List}, {@code String}, {@code Boolean}, {@code null}, and numbers typed the
 * way Amplitude's Kotlin engine types JSON numbers (its {@code toAny}): an integer literal that
 * fits an {@code int} is an {@code Integer}, else one that fits a {@code long} is a {@code Long},
 * anything else (fractions, exponents, larger integers) is a {@code Double}. The JS semantics
 * read every number as a double later, so one representation serves both.
 */
public final class JsonValues {
  private JsonValues() {}

  /** The Java value of a JSON node; JSON null and missing become {@code null}. */
  public static Object toJava(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNumber()) {
      if (node.isInt()) {
        return node.intValue();
      }
      if (node.isLong()) {
        return node.longValue();
      }
      if (node.isBigInteger()) {
        return node.bigIntegerValue().doubleValue();
      }
      return node.doubleValue();
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      for (JsonNode element : node) {
        list.add(toJava(element));
      }
      return Collections.unmodifiableList(list);
    }
    if (node.isObject()) {
      return toJavaMap(node);
    }
    throw new IllegalArgumentException("unsupported JSON node " + node.getNodeType());
  }

  /** The Java map of a JSON object node, insertion ordered and unmodifiable. */
  public static Map<String, Object> toJavaMap(JsonNode object) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      map.put(field.getKey(), toJava(field.getValue()));
    }
    return Collections.unmodifiableMap(map);
  }
}
