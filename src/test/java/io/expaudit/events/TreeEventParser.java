package io.expaudit.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.expaudit.config.JsonValues;
import io.expaudit.model.AuditEvent;
import io.expaudit.model.AuditEvent.LoggedAssignment;
import io.expaudit.model.AuditEvent.LoggedExposure;
import io.expaudit.model.AuditEvent.LoggedProperty;
import io.expaudit.model.PropertyState;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first event reader, kept as a reference: it read each line twice, a cheap {@link #peek} for
 * the unit and time and then a whole Jackson tree. {@code StreamingParserAgreementTest} holds the
 * single-pass streaming {@link ExportEventParser} to the same results on every kind of line.
 */
final class TreeEventParser implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String ASSIGNMENT_EVENT = "[Experiment] Assignment";
  public static final String PREFIX = "[Experiment] ";
  private static final Pattern DETAILS = Pattern.compile("v(\\d+|null) rule:(.*)", Pattern.DOTALL);

  private final Map<String, String> userFields;

  TreeEventParser() {
    this(ExportEventParser.DEFAULT_USER_FIELDS); // the same mapping as the parser it checks
  }

  TreeEventParser(Map<String, String> userFields) {
    this.userFields = Collections.unmodifiableMap(new LinkedHashMap<>(userFields));
  }

  /** Either an event or the reason it was rejected. */
  public record Parsed(AuditEvent event, String rejection) {
    static Parsed reject(String reason) {
      return new Parsed(null, reason);
    }
  }

  /** What the first pass needs of a line: its unit and time, or why it is rejected. */
  public record Peek(String unit, long time, String rejection) {}

  /**
   * Reads only the top-level ids and time of a JSON line, skipping nested objects: the cheap
   * first pass that keys a line by its unit. Rejects what {@link #parseLine} would reject for the
   * same reasons (invalid JSON, no time, no ids); what only a full read can see (unreadable
   * details, an exposure without a flag key) is left to {@link #parseLine}.
   */
  public Peek peek(String line) {
    String userId = null;
    String deviceId = null;
    String amplitudeId = null;
    JsonNode time = null;
    try (com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(line)) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return new Peek(null, 0, "not a JSON object");
      }
      com.fasterxml.jackson.core.JsonToken token;
      while ((token = p.nextToken()) == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String field = p.currentName();
        token = p.nextToken();
        if (token.isStructStart()) {
          p.skipChildren();
          continue;
        }
        switch (field) {
          case "event_time" -> time = token == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT
              ? com.fasterxml.jackson.databind.node.LongNode.valueOf(p.getLongValue())
              : token == com.fasterxml.jackson.core.JsonToken.VALUE_STRING
                  ? com.fasterxml.jackson.databind.node.TextNode.valueOf(p.getText())
                  : com.fasterxml.jackson.databind.node.NullNode.getInstance();
          case "user_id" -> userId = scalar(p, token);
          case "device_id" -> deviceId = scalar(p, token);
          case "amplitude_id" -> amplitudeId = scalar(p, token);
          default -> { }
        }
      }
      if (p.nextToken() != null) {
        return new Peek(null, 0, "not valid JSON: trailing content");
      }
    } catch (java.io.IOException e) {
      String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      return new Peek(null, 0, "not valid JSON: " + message);
    }
    Long t = time(time);
    if (t == null) {
      return new Peek(null, 0, time != null && !time.isNull()
          ? "unreadable event_time " + time : "missing event_time");
    }
    String unit = amplitudeId != null ? amplitudeId : userId != null ? userId : deviceId;
    if (unit == null) {
      return new Peek(null, 0, "no user_id, device_id or amplitude_id");
    }
    return new Peek(unit, t, null);
  }

  private static String scalar(com.fasterxml.jackson.core.JsonParser p,
      com.fasterxml.jackson.core.JsonToken token) throws java.io.IOException {
    if (token == com.fasterxml.jackson.core.JsonToken.VALUE_NULL) {
      return null;
    }
    String s = p.getText();
    return s == null || s.isEmpty() ? null : s;
  }

  /** Parses one JSON line. */
  public Parsed parseLine(String line, String source) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return Parsed.reject("not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      return Parsed.reject("not a JSON object");
    }
    return parse(node, source);
  }

  /** Parses one event object. */
  public Parsed parse(JsonNode node, String source) {
    Long time = time(node.get("event_time"));
    if (time == null) {
      return Parsed.reject(node.hasNonNull("event_time")
          ? "unreadable event_time " + node.get("event_time") : "missing event_time");
    }
    String userId = text(node.get("user_id"));
    String deviceId = text(node.get("device_id"));
    String amplitudeId = text(node.get("amplitude_id"));
    if (userId == null && deviceId == null && amplitudeId == null) {
      return Parsed.reject("no user_id, device_id or amplitude_id");
    }
    String eventType = text(node.get("event_type"));
    String insertId = text(node.has("$insert_id") ? node.get("$insert_id") : node.get("insert_id"));
    JsonNode userProperties = node.path("user_properties");
    JsonNode eventProperties = node.path("event_properties");

    Map<String, Object> user = new LinkedHashMap<>();
    for (Map.Entry<String, String> field : userFields.entrySet()) {
      String value = text(node.get(field.getKey()));
      if (value != null) {
        user.put(field.getValue(), value);
      }
    }
    Map<String, LoggedProperty> properties = new LinkedHashMap<>();
    if (userProperties.isObject()) {
      Map<String, Object> plain = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> p : userProperties.properties()) {
        if (p.getKey().startsWith(PREFIX)) {
          properties.put(p.getKey().substring(PREFIX.length()), property(p.getValue()));
        } else {
          plain.put(p.getKey(), JsonValues.toJava(p.getValue()));
        }
      }
      user.put("user_properties", Collections.unmodifiableMap(plain));
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("user", Collections.unmodifiableMap(user));
    Map<String, Object> groups = groups(node.path("groups"), node.path("group_properties"));
    if (!groups.isEmpty()) {
      context.put("groups", groups);
    }

    Map<String, LoggedAssignment> assignments = new LinkedHashMap<>();
    if (ASSIGNMENT_EVENT.equals(eventType) && eventProperties.isObject()) {
      for (Map.Entry<String, JsonNode> p : eventProperties.properties()) {
        String key = strip(p.getKey());
        if (!key.endsWith(".variant")) {
          continue;
        }
        String flag = key.substring(0, key.length() - ".variant".length());
        JsonNode details = eventProperties.has(flag + ".details")
            ? eventProperties.get(flag + ".details")
            : eventProperties.get(PREFIX + flag + ".details");
        Long version = null;
        String segment = null;
        String detailsText = text(details);
        if (detailsText != null) {
          Matcher m = DETAILS.matcher(detailsText);
          if (!m.matches()) {
            return Parsed.reject("unparseable " + flag + ".details '" + detailsText
                + "' (expected \"v<version> rule:<segment>\")");
          }
          version = m.group(1).equals("null") ? null : Long.parseLong(m.group(1));
          segment = m.group(2).equals("null") ? null : m.group(2);
        }
        assignments.put(flag, new LoggedAssignment(text(p.getValue()), version, segment));
      }
    }
    LoggedExposure exposure = null;
    if ("$exposure".equals(eventType) || (PREFIX + "Exposure").equals(eventType)) {
      String flag = text(first(eventProperties, "flag_key", PREFIX + "Flag Key"));
      if (flag == null) {
        return Parsed.reject("exposure without a flag key");
      }
      exposure = new LoggedExposure(flag, text(first(eventProperties, "variant", PREFIX + "Variant")));
    }
    return new Parsed(new AuditEvent(eventType, time, insertId, userId, deviceId, amplitudeId,
        Collections.unmodifiableMap(context), properties, assignments, exposure, source,
        text(node.get("library"))), null);
  }

  /** The analysis unit of an event: {@code amplitude_id}, else {@code user_id}, else {@code device_id}. */
  public static String unitOf(AuditEvent e) {
    return e.amplitudeId() != null ? e.amplitudeId() : e.userId() != null ? e.userId() : e.deviceId();
  }

  private static JsonNode first(JsonNode object, String a, String b) {
    return object.has(a) ? object.get(a) : object.get(b);
  }

  private static String strip(String key) {
    return key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
  }

  private static LoggedProperty property(JsonNode value) {
    if (value == null || value.isNull()) {
      return new LoggedProperty(PropertyState.NULL, null);
    }
    String text = value.isTextual() ? value.textValue() : value.toString();
    return text.isEmpty()
        ? new LoggedProperty(PropertyState.EMPTY, null)
        : new LoggedProperty(PropertyState.PRESENT, text);
  }

  private static Map<String, Object> groups(JsonNode groups, JsonNode groupProperties) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!groups.isObject()) {
      return out;
    }
    for (Map.Entry<String, JsonNode> g : groups.properties()) {
      JsonNode names = g.getValue();
      String name = names.isArray() ? text(names.path(0)) : text(names);
      if (name == null || name.isEmpty()) {
        continue;
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("group_name", name);
      JsonNode props = groupProperties.path(g.getKey());
      if (props.has(name) && props.get(name).isObject()) {
        props = props.get(name);
      }
      if (props.isObject() && !props.isEmpty()) {
        entry.put("group_properties", JsonValues.toJavaMap(props));
      }
      out.put(g.getKey(), Collections.unmodifiableMap(entry));
    }
    return out;
  }

  /** A scalar as text; null for JSON null, missing, or an empty string. */
  private static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
      return null;
    }
    String s = node.isTextual() ? node.textValue() : node.asText();
    return s.isEmpty() ? null : s;
  }

  static Long time(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (!node.isTextual()) {
      return null;
    }
    // text times are parsed by the shared code: what this reference checks is the reading around it
    return ExportEventParser.time(node.textValue());
  }
}
