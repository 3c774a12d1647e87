package io.expaudit.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.expaudit.config.JsonValues;
import io.expaudit.model.AuditEvent;
import io.expaudit.model.AuditEvent.LoggedAssignment;
import io.expaudit.model.AuditEvent.LoggedExposure;
import io.expaudit.model.AuditEvent.LoggedProperty;
import io.expaudit.model.PropertyState;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Amplitude-exported event (JSON object) to an {@link AuditEvent}, or a rejection with its
 * reason (DESIGN.md, Definitions: malformed row). Pure and thread-safe.
 *
 * <p>Reads {@code event_time} as Amplitude exports it ({@code 2026-11-16 10:00:00.123000}, UTC),
 * ISO-8601 or epoch milliseconds; {@code $insert_id} or {@code insert_id}; assignment properties
 * with or without the {@code [Experiment] } prefix (spec §8.2); {@code $exposure} and
 * {@code [Experiment] Exposure} (spec §8.3).
 */
public final class ExportEventParser implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The factory for event lines. Its buffers are pooled in a shared deque rather than Jackson's
   * default thread-local pool: a parser per line looked the pool up in the executor threads'
   * crowded ThreadLocal tables, a few percent of the whole read.
   */
  private static final JsonFactory LINES =
      JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();
  public static final String ASSIGNMENT_EVENT = "[Experiment] Assignment";
  public static final String PREFIX = "[Experiment] ";
  private static final String EXPOSURE_EVENT = PREFIX + "Exposure";
  private static final Map<String, String> FLAGS_BY_PROPERTY = new java.util.concurrent.ConcurrentHashMap<>();
  private static final Pattern DETAILS = Pattern.compile("v(\\d+|null) rule:(.*)", Pattern.DOTALL);
  private static final DateTimeFormatter EXPORT_TIME =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter(Locale.ROOT);

  /** The user fields copied into {@code context.user}: event field → context field. */
  public static final Map<String, String> DEFAULT_USER_FIELDS = defaultUserFields();

  /** The ids an event is keyed by, read whatever the context mapping says. */
  private static final Set<String> ID_FIELDS = Set.of("user_id", "device_id", "amplitude_id");

  /** The default analysis unit: the first present of these ids (DESIGN.md, Pipeline 3). */
  public static final List<String> DEFAULT_UNIT_PRECEDENCE = List.of("amplitude_id", "user_id", "device_id");

  private final Map<String, String> userFields;
  private final List<String> unitPrecedence;

  public ExportEventParser() {
    this(DEFAULT_USER_FIELDS, DEFAULT_UNIT_PRECEDENCE);
  }

  /**
   * @param userFields event field → {@code context.user} field, in context order
   * @param unitPrecedence the ids keying a unit, first present wins
   */
  public ExportEventParser(Map<String, String> userFields, List<String> unitPrecedence) {
    this.userFields = Collections.unmodifiableMap(new LinkedHashMap<>(userFields));
    this.unitPrecedence = List.copyOf(unitPrecedence);
  }

  private static Map<String, String> defaultUserFields() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String f : List.of("user_id", "device_id", "amplitude_id", "platform", "country", "region",
        "city", "language", "device_model", "device_brand", "device_manufacturer", "carrier")) {
      m.put(f, f);
    }
    m.put("os_name", "os");
    m.put("version_name", "version");
    return Collections.unmodifiableMap(m);
  }

  /** Either an event or the reason it was rejected. */
  public record Parsed(AuditEvent event, String rejection) {
    static Parsed reject(String reason) {
      return new Parsed(null, reason);
    }
  }

  /**
   * Parses one JSON line in a single streaming pass: only the fields the audit reads are
   * materialized, everything else is skipped token by token. Rejects, in this order: text that is
   * not one JSON object (trailing content included), a missing or unreadable {@code event_time},
   * no id at all, unreadable assignment {@code details}, an exposure without a flag key.
   */
  public Parsed parseLine(String line, String source) {
    try (JsonParser p = LINES.createParser(line)) {
      return parse(p, source);
    } catch (IOException e) {
      return rejectUnreadable(e);
    }
  }

  /**
   * {@link #parseLine(String, String)} on the UTF-8 bytes {@code [offset, offset + length)}: what
   * the readers use, sparing each line its decoding into a String (bytes that are not UTF-8 are
   * rejected as not valid JSON).
   */
  public Parsed parseLine(byte[] utf8, int offset, int length, String source) {
    try (JsonParser p = LINES.createParser(utf8, offset, length)) {
      return parse(p, source);
    } catch (IOException e) {
      return rejectUnreadable(e);
    }
  }

  private Parsed parse(JsonParser p, String source) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return Parsed.reject("not a JSON object");
    }
    TopLevel top = new TopLevel();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      top.read(field, p.nextToken(), p);
    }
    if (p.nextToken() != null) {
      return Parsed.reject("not valid JSON: trailing content");
    }
    return top.toEvent(source);
  }

  private static Parsed rejectUnreadable(IOException e) {
    String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return Parsed.reject("not valid JSON: " + message);
  }

  /** The top-level fields of one event as the streaming pass leaves them. */
  private final class TopLevel {
    Long time;
    String unreadableTime;
    String eventType;
    String library;
    String insertId;
    String plainInsertId;
    boolean hasDollarInsertId;
    final Map<String, String> fields = new HashMap<>();
    Map<String, LoggedProperty> properties = Map.of();
    Map<String, Object> userProperties;
    Map<String, String> eventProperties;
    Object groups;
    Object groupProperties;

    void read(String field, JsonToken token, JsonParser p) throws IOException {
      switch (field) {
        case "event_time" -> readTime(token, p);
        case "event_type" -> eventType = scalarText(token, p);
        case "library" -> {
          library = scalarText(token, p);
          if (userFields.containsKey(field)) {
            fields.put(field, library);
          }
        }
        case "$insert_id" -> {
          insertId = scalarText(token, p);
          hasDollarInsertId = true;
        }
        case "insert_id" -> plainInsertId = scalarText(token, p);
        case "user_properties" -> readUserProperties(token, p);
        case "event_properties" -> {
          if (eventType != null && !readsEventProperties(eventType)) {
            p.skipChildren(); // most events: their properties say nothing about assignments
          } else {
            eventProperties = readScalarTexts(token, p);
          }
        }
        case "groups" -> groups = value(token, p);
        case "group_properties" -> groupProperties = value(token, p);
        default -> {
          if (userFields.containsKey(field) || ID_FIELDS.contains(field)) {
            fields.put(field, scalarText(token, p));
          } else {
            p.skipChildren();
          }
        }
      }
    }

    private void readTime(JsonToken token, JsonParser p) throws IOException {
      time = null;
      unreadableTime = null;
      if (token == JsonToken.VALUE_NUMBER_INT) {
        time = p.getLongValue();
      } else if (token == JsonToken.VALUE_STRING) {
        time = time(p.getText());
        unreadableTime = time == null ? JSON.writeValueAsString(p.getText()) : null;
      } else if (token != JsonToken.VALUE_NULL) {
        unreadableTime = JSON.readTree(p).toString();
      }
    }

    /** {@code [Experiment] <flag>} keys become logged properties, the rest the context's. */
    private void readUserProperties(JsonToken token, JsonParser p) throws IOException {
      properties = Map.of();
      userProperties = null;
      if (token != JsonToken.START_OBJECT) {
        p.skipChildren();
        return;
      }
      Map<String, LoggedProperty> logged = new LinkedHashMap<>();
      Map<String, Object> plain = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken value = p.nextToken();
        if (key.startsWith(PREFIX)) {
          logged.put(flagOf(key), property(value, p));
        } else {
          plain.put(key, value(value, p));
        }
      }
      properties = logged;
      userProperties = Collections.unmodifiableMap(plain);
    }

    Parsed toEvent(String source) {
      if (time == null) {
        return Parsed.reject(unreadableTime != null ? "unreadable event_time " + unreadableTime
            : "missing event_time");
      }
      String userId = fields.get("user_id");
      String deviceId = fields.get("device_id");
      String amplitudeId = fields.get("amplitude_id");
      if (userId == null && deviceId == null && amplitudeId == null) {
        return Parsed.reject("no user_id, device_id or amplitude_id");
      }
      Map<String, Object> user = new LinkedHashMap<>();
      for (Map.Entry<String, String> field : userFields.entrySet()) {
        String value = fields.get(field.getKey());
        if (value != null) {
          user.put(field.getValue(), value);
        }
      }
      if (userProperties != null) {
        user.put("user_properties", userProperties);
      }
      Map<String, Object> context = new LinkedHashMap<>();
      context.put("user", Collections.unmodifiableMap(user));
      Map<String, Object> groupContext = groups(groups, groupProperties);
      if (!groupContext.isEmpty()) {
        context.put("groups", groupContext);
      }

      Map<String, LoggedAssignment> assignments = new LinkedHashMap<>();
      Map<String, String> eventProps = eventProperties == null ? Map.of() : eventProperties;
      if (ASSIGNMENT_EVENT.equals(eventType)) {
        for (Map.Entry<String, String> p : eventProps.entrySet()) {
          String key = strip(p.getKey());
          if (!key.endsWith(".variant")) {
            continue;
          }
          String flag = key.substring(0, key.length() - ".variant".length());
          String details = first(eventProps, flag + ".details", PREFIX + flag + ".details");
          Long version = null;
          String segment = null;
          if (details != null) {
            Matcher m = DETAILS.matcher(details);
            if (!m.matches()) {
              return Parsed.reject("unparseable " + flag + ".details '" + details
                  + "' (expected \"v<version> rule:<segment>\")");
            }
            version = m.group(1).equals("null") ? null : Long.parseLong(m.group(1));
            segment = m.group(2).equals("null") ? null : m.group(2);
          }
          assignments.put(flag, new LoggedAssignment(p.getValue(), version, segment));
        }
      }
      LoggedExposure exposure = null;
      if (isExposure(eventType)) {
        String flag = first(eventProps, "flag_key", PREFIX + "Flag Key");
        if (flag == null) {
          return Parsed.reject("exposure without a flag key");
        }
        exposure = new LoggedExposure(flag, first(eventProps, "variant", PREFIX + "Variant"));
      }
      return new Parsed(new AuditEvent(eventType, time, hasDollarInsertId ? insertId : plainInsertId,
          userId, deviceId, amplitudeId, Collections.unmodifiableMap(context), properties,
          assignments, exposure, source, library), null);
    }
  }

  /**
   * The analysis unit of an event: its first present id in the configured precedence (by default
   * {@code amplitude_id}, else {@code user_id}, else {@code device_id}); null when it has none of
   * those (an event with only an id left out of the precedence is quarantined by the caller).
   */
  public String unitOf(AuditEvent e) {
    for (String id : unitPrecedence) {
      String value = switch (id) {
        case "amplitude_id" -> e.amplitudeId();
        case "user_id" -> e.userId();
        default -> e.deviceId();
      };
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** Whether the audit reads the event properties of this event type (spec §8.2, §8.3). */
  private static boolean readsEventProperties(String eventType) {
    return ASSIGNMENT_EVENT.equals(eventType) || isExposure(eventType);
  }

  private static boolean isExposure(String eventType) {
    return "$exposure".equals(eventType) || EXPOSURE_EVENT.equals(eventType);
  }

  /**
   * The flag of an {@code [Experiment] <flag>} property name, kept per name: the parser hands out
   * the same String for a repeated name, and a flag's name is looked up on every event.
   */
  private static String flagOf(String propertyName) {
    String flag = FLAGS_BY_PROPERTY.get(propertyName);
    if (flag == null) {
      flag = propertyName.substring(PREFIX.length());
      if (FLAGS_BY_PROPERTY.size() < 100_000) { // bounded whatever the input holds
        FLAGS_BY_PROPERTY.put(propertyName, flag);
      }
    }
    return flag;
  }

  private static String strip(String key) {
    return key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
  }

  /**
   * Amplitude's export format {@code yyyy-MM-dd HH:mm:ss[.f...]} read by hand: it is on every
   * event, and {@code DateTimeFormatter} costs several microseconds a call. Null when the text is
   * not exactly that shape (the general parsers then decide).
   */
  static Long exportTime(String s) {
    int n = s.length();
    if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != ' '
        || s.charAt(13) != ':' || s.charAt(16) != ':' || (n > 19 && s.charAt(19) != '.')) {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    int millis = 0;
    if (n > 19) {
      if (n == 20 || n > 29 || digits(s, 20, n) < 0) {
        return null;
      }
      int end = Math.min(n, 23);
      millis = digits(s, 20, end) * (end == 21 ? 100 : end == 22 ? 10 : 1);
    }
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0
        || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    try {
      long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
      return ((epochDay * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /** The decimal value of {@code s[from, to)} (at most 9 digits), or -1 if not all digits. */
  private static int digits(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** An event time written as text: the export format, ISO-8601 with an offset, or an instant. */
  static Long time(String text) {
    String s = text.trim();
    Long fast = exportTime(s);
    if (fast != null) {
      return fast;
    }
    try {
      return LocalDateTime.parse(s, EXPORT_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      // not the export format
    }
    try {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      // not ISO-8601 with an offset
    }
    try {
      return Instant.parse(s).toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String first(Map<String, String> map, String a, String b) {
    return map.containsKey(a) ? map.get(a) : map.get(b);
  }

  /**
   * A scalar as the audit compares it: strings as they are, numbers and booleans as Jackson's
   * {@code asText} prints them; null for JSON null, an empty string, or a container (skipped).
   */
  private static String scalarText(JsonToken token, JsonParser p) throws IOException {
    String s = switch (token) {
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
          ? p.getBigIntegerValue().toString() : Long.toString(p.getLongValue());
      case VALUE_NUMBER_FLOAT -> Double.toString(p.getDoubleValue());
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case START_OBJECT, START_ARRAY -> {
        p.skipChildren();
        yield null;
      }
      default -> null;
    };
    return s == null || s.isEmpty() ? null : s;
  }

  /** The scalar texts of an object's members (keys with null or container values map to null). */
  private static Map<String, String> readScalarTexts(JsonToken token, JsonParser p) throws IOException {
    if (token != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      out.put(key, scalarText(p.nextToken(), p));
    }
    return out;
  }

  /**
   * The Java value of the JSON value at {@code token}, typed as {@link JsonValues} types a tree
   * (Integer, Long, Double, String, Boolean, null, unmodifiable List and insertion-ordered Map), so
   * that the engine sees exactly what it sees for configs.
   */
  static Object value(JsonToken token, JsonParser p) throws IOException {
    switch (token) {
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return switch (p.getNumberType()) {
          case INT -> p.getIntValue();
          case LONG -> p.getLongValue();
          default -> p.getBigIntegerValue().doubleValue();
        };
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          list.add(value(t, p));
        }
        return Collections.unmodifiableList(list);
      }
      case START_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          map.put(key, value(p.nextToken(), p));
        }
        return Collections.unmodifiableMap(map);
      }
      default:
        return null;
    }
  }

  /** A {@code [Experiment] <flag>} user property: null, empty, or its text (JSON text if not a string). */
  private static LoggedProperty property(JsonToken token, JsonParser p) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return new LoggedProperty(PropertyState.NULL, null);
    }
    String text = token == JsonToken.VALUE_STRING ? p.getText() : JSON.readTree(p).toString();
    return text.isEmpty()
        ? new LoggedProperty(PropertyState.EMPTY, null)
        : new LoggedProperty(PropertyState.PRESENT, text);
  }

  /**
   * {@code context.groups} from the event's {@code groups} ({@code {"org": ["acme"]}}) and
   * {@code group_properties} (keyed by group type, optionally then by group name).
   */
  private static Map<String, Object> groups(Object groups, Object groupProperties) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!(groups instanceof Map<?, ?> byType)) {
      return out;
    }
    Map<?, ?> propertiesByType = groupProperties instanceof Map<?, ?> m ? m : Map.of();
    for (Map.Entry<?, ?> g : byType.entrySet()) {
      Object names = g.getValue();
      String name = text(names instanceof List<?> list ? (list.isEmpty() ? null : list.get(0)) : names);
      if (name == null) {
        continue;
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("group_name", name);
      Object props = propertiesByType.get(g.getKey());
      if (props instanceof Map<?, ?> byName && byName.get(name) instanceof Map<?, ?> named) {
        props = named;
      }
      if (props instanceof Map<?, ?> p && !p.isEmpty()) {
        entry.put("group_properties", p);
      }
      out.put((String) g.getKey(), Collections.unmodifiableMap(entry));
    }
    return out;
  }

  /** A scalar Java value as text; null for null, containers and the empty string. */
  private static String text(Object value) {
    if (value == null || value instanceof Map || value instanceof List) {
      return null;
    }
    String s = value.toString();
    return s.isEmpty() ? null : s;
  }
}
