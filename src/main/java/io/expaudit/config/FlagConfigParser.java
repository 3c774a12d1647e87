package io.expaudit.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads evaluation-format flag configs (spec §2) into {@link FlagConfig} records.
 *
 * <p>Accepted shapes: a bare JSON array of flags (what {@code /sdk/v2/flags} returns), an object
 * keyed by flag key, or a snapshot {@code {"captured_at": ..., "flags": <array or keyed object>}}.
 * Unknown keys are ignored, as Amplitude's decoder does. Fields the engines require (flag
 * {@code key}, {@code variants}, {@code segments}; variant {@code key}; condition
 * {@code selector}, {@code op}, {@code values}; bucket {@code selector}, {@code salt},
 * {@code allocations}; ranges of two integers) must be present and typed, else a
 * {@link ConfigException} names the source, the line where the flag starts and the field.
 */
public final class FlagConfigParser {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private FlagConfigParser() {}

  /** Parses a file; messages name the file. */
  public static List<FlagConfig> parse(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read flag configs: " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /** Parses JSON text; {@code source} names it in error messages. */
  public static List<FlagConfig> parse(String json, String source) {
    try (JsonParser parser = MAPPER.createParser(json)) {
      JsonToken first = parser.nextToken();
      List<FlagConfig> flags = new ArrayList<>();
      if (first == JsonToken.START_ARRAY) {
        readArray(parser, source, flags);
      } else if (first == JsonToken.START_OBJECT) {
        readObject(parser, source, flags, true);
      } else {
        throw new ConfigException(
            source + ": expected a JSON array of flags or a snapshot object, found " + first);
      }
      if (parser.nextToken() != null) {
        throw new ConfigException(
            source + ":" + parser.currentLocation().getLineNr() + ": trailing content after flags");
      }
      return Collections.unmodifiableList(flags);
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          source + ":" + e.getLocation().getLineNr() + ": not valid JSON: " + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new ConfigException(source + ": cannot read flag configs: " + e.getMessage(), e);
    }
  }

  /** The top-level {@code captured_at} string of a snapshot object, or null. */
  static String capturedAt(String json, String source) {
    try (JsonParser parser = MAPPER.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("captured_at")) {
          if (value != JsonToken.VALUE_STRING) {
            throw new ConfigException(source + ": 'captured_at' must be an ISO-8601 string");
          }
          return parser.getText();
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException e) {
      throw new ConfigException(source + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  private static void readArray(JsonParser parser, String source, List<FlagConfig> out)
      throws IOException {
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      int line = parser.currentLocation().getLineNr();
      JsonNode node = MAPPER.readTree(parser);
      out.add(flag(node, source, line, out.size()));
    }
  }

  /** A snapshot object (with "flags") or an object keyed by flag key. */
  private static void readObject(
      JsonParser parser, String source, List<FlagConfig> out, boolean topLevel) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (topLevel && field.equals("flags") && value == JsonToken.START_ARRAY) {
        readArray(parser, source, out);
      } else if (topLevel && field.equals("flags") && value == JsonToken.START_OBJECT) {
        readObject(parser, source, out, false);
      } else if (value == JsonToken.START_OBJECT && !(topLevel && isSnapshotField(field))) {
        int line = parser.currentLocation().getLineNr();
        out.add(flag(MAPPER.readTree(parser), source, line, out.size()));
      } else {
        parser.skipChildren(); // captured_at and other snapshot fields
      }
    }
  }

  private static boolean isSnapshotField(String field) {
    return field.equals("captured_at") || field.equals("source") || field.equals("users");
  }

  private static FlagConfig flag(JsonNode node, String source, int line, int index) {
    String where = source + ":" + line + ": flag #" + (index + 1);
    if (!node.isObject()) {
      throw new ConfigException(where + ": expected a JSON object");
    }
    String key = requiredText(node, "key", where);
    where = where + " '" + key + "'";
    Map<String, VariantConfig> variants = new LinkedHashMap<>();
    JsonNode variantsNode = required(node, "variants", where);
    if (!variantsNode.isObject()) {
      throw new ConfigException(where + ": 'variants' must be an object");
    }
    for (Map.Entry<String, JsonNode> e : variantsNode.properties()) {
      variants.put(e.getKey(), variant(e.getValue(), where + ": variant '" + e.getKey() + "'"));
    }
    JsonNode segmentsNode = required(node, "segments", where);
    if (!segmentsNode.isArray()) {
      throw new ConfigException(where + ": 'segments' must be an array");
    }
    List<SegmentConfig> segments = new ArrayList<>();
    for (int i = 0; i < segmentsNode.size(); i++) {
      segments.add(segment(segmentsNode.get(i), where + ": segment " + (i + 1)));
    }
    List<String> dependencies = optionalStrings(node, "dependencies", where);
    return new FlagConfig(
        key,
        Collections.unmodifiableMap(variants),
        Collections.unmodifiableList(segments),
        dependencies == null ? List.of() : dependencies,
        optionalMap(node, "metadata", where),
        line);
  }

  private static VariantConfig variant(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new ConfigException(where + ": expected a JSON object");
    }
    return new VariantConfig(
        requiredText(node, "key", where),
        JsonValues.toJava(node.get("value")),
        JsonValues.toJava(node.get("payload")),
        optionalMap(node, "metadata", where));
  }

  private static SegmentConfig segment(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new ConfigException(where + ": expected a JSON object");
    }
    BucketConfig bucket = null;
    JsonNode bucketNode = node.get("bucket");
    if (bucketNode != null && !bucketNode.isNull()) {
      bucket = bucket(bucketNode, where + ": bucket");
    }
    List<List<ConditionConfig>> conditions = null;
    JsonNode conditionsNode = node.get("conditions");
    if (conditionsNode != null && !conditionsNode.isNull()) {
      if (!conditionsNode.isArray()) {
        throw new ConfigException(where + ": 'conditions' must be an array of arrays");
      }
      conditions = new ArrayList<>();
      for (int i = 0; i < conditionsNode.size(); i++) {
        JsonNode group = conditionsNode.get(i);
        if (!group.isArray()) {
          throw new ConfigException(where + ": conditions[" + i + "] must be an array");
        }
        List<ConditionConfig> and = new ArrayList<>();
        for (int j = 0; j < group.size(); j++) {
          and.add(condition(group.get(j), where + ": conditions[" + i + "][" + j + "]"));
        }
        conditions.add(Collections.unmodifiableList(and));
      }
      conditions = Collections.unmodifiableList(conditions);
    }
    JsonNode variantNode = node.get("variant");
    String variant = null;
    if (variantNode != null && !variantNode.isNull()) {
      if (!variantNode.isTextual()) {
        throw new ConfigException(where + ": 'variant' must be a string");
      }
      variant = variantNode.textValue();
    }
    boolean explicitNull = variantNode != null && variantNode.isNull();
    return new SegmentConfig(
        bucket, conditions, variant, explicitNull, optionalMap(node, "metadata", where));
  }

  private static ConditionConfig condition(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new ConfigException(where + ": expected a JSON object");
    }
    List<String> selector = optionalStrings(node, "selector", where);
    if (selector == null) {
      throw new ConfigException(where + ": missing 'selector'");
    }
    String op = requiredText(node, "op", where);
    List<String> values = optionalStrings(node, "values", where);
    if (values == null) {
      throw new ConfigException(where + ": missing 'values'");
    }
    return new ConditionConfig(selector, op, values);
  }

  private static BucketConfig bucket(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new ConfigException(where + ": expected a JSON object");
    }
    List<String> selector = optionalStrings(node, "selector", where);
    if (selector == null) {
      throw new ConfigException(where + ": missing 'selector'");
    }
    String salt = requiredText(node, "salt", where);
    JsonNode allocationsNode = required(node, "allocations", where);
    if (!allocationsNode.isArray()) {
      throw new ConfigException(where + ": 'allocations' must be an array");
    }
    List<AllocationConfig> allocations = new ArrayList<>();
    for (int i = 0; i < allocationsNode.size(); i++) {
      String at = where + ": allocations[" + i + "]";
      JsonNode allocation = allocationsNode.get(i);
      if (!allocation.isObject()) {
        throw new ConfigException(at + ": expected a JSON object");
      }
      int[] range = range(allocation, at);
      JsonNode distributionsNode = required(allocation, "distributions", at);
      if (!distributionsNode.isArray()) {
        throw new ConfigException(at + ": 'distributions' must be an array");
      }
      List<DistributionConfig> distributions = new ArrayList<>();
      for (int j = 0; j < distributionsNode.size(); j++) {
        String dat = at + ": distributions[" + j + "]";
        JsonNode distribution = distributionsNode.get(j);
        if (!distribution.isObject()) {
          throw new ConfigException(dat + ": expected a JSON object");
        }
        int[] dRange = range(distribution, dat);
        distributions.add(
            new DistributionConfig(requiredText(distribution, "variant", dat), dRange[0], dRange[1]));
      }
      allocations.add(
          new AllocationConfig(range[0], range[1], Collections.unmodifiableList(distributions)));
    }
    return new BucketConfig(selector, salt, Collections.unmodifiableList(allocations));
  }

  /** A {@code range} of at least two integers; the engines read only the first two. */
  private static int[] range(JsonNode node, String where) {
    JsonNode range = required(node, "range", where);
    if (!range.isArray()
        || range.size() < 2
        || !range.get(0).canConvertToInt()
        || !range.get(1).canConvertToInt()
        || !range.get(0).isIntegralNumber()
        || !range.get(1).isIntegralNumber()) {
      throw new ConfigException(where + ": 'range' must be [start, end] integers, got " + range);
    }
    return new int[] {range.get(0).intValue(), range.get(1).intValue()};
  }

  private static JsonNode required(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new ConfigException(where + ": missing '" + field + "'");
    }
    return value;
  }

  private static String requiredText(JsonNode node, String field, String where) {
    JsonNode value = required(node, field, where);
    if (!value.isTextual()) {
      throw new ConfigException(where + ": '" + field + "' must be a string, got " + value);
    }
    return value.textValue();
  }

  private static List<String> optionalStrings(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw new ConfigException(where + ": '" + field + "' must be an array of strings");
    }
    List<String> out = new ArrayList<>(value.size());
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw new ConfigException(
            where + ": '" + field + "' must hold only strings, got " + element);
      }
      out.add(element.textValue());
    }
    return Collections.unmodifiableList(out);
  }

  private static Map<String, Object> optionalMap(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw new ConfigException(where + ": '" + field + "' must be an object");
    }
    return JsonValues.toJavaMap(value);
  }
}
