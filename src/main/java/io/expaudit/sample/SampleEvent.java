package io.expaudit.sample;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event in Amplitude's export format, and the evaluation context the auditor derives from it
 * (DESIGN.md, Definitions: "Context from an event").
 */
final class SampleEvent {
  static final String EXPERIMENT_PREFIX = "[Experiment] ";
  private static final JsonFactory JSON = new JsonFactory();

  /** The device fields of an event. */
  record Device(
      String deviceId, String platform, String osName, String osVersion, String versionName,
      String brand, String manufacturer, String model, String carrier, String library) {}

  /** The location fields of an event. */
  record Place(String country, String region, String city, String language) {}

  String type;
  long timeMs;
  long uploadMs;
  String userId;
  Device device;
  /** Null only in deliberately malformed lines. */
  Long amplitudeId;
  String insertId;
  long sessionId;
  long eventId;
  Place place;
  String library;
  /** Person-level properties (never an {@code [Experiment]} one). */
  Map<String, Object> baseProperties;
  Map<String, Object> userProperties;
  Map<String, Object> eventProperties = new LinkedHashMap<>();
  /** Leaves {@code event_time} out: a malformed line. */
  boolean omitTime;

  /**
   * The context the auditor evaluates for this event: the user fields, {@code os_name} as
   * {@code os}, {@code version_name} as {@code version}, {@code amplitude_id} as a string, and the
   * user properties without the {@code [Experiment]} ones.
   */
  Map<String, Object> context() {
    Map<String, Object> user = new LinkedHashMap<>();
    putIfPresent(user, "user_id", userId);
    putIfPresent(user, "device_id", device.deviceId());
    putIfPresent(user, "amplitude_id", amplitudeId == null ? null : amplitudeId.toString());
    putIfPresent(user, "platform", device.platform());
    putIfPresent(user, "os", device.osName());
    putIfPresent(user, "version", device.versionName());
    putIfPresent(user, "country", place.country());
    putIfPresent(user, "region", place.region());
    putIfPresent(user, "city", place.city());
    putIfPresent(user, "language", place.language());
    putIfPresent(user, "device_model", device.model());
    putIfPresent(user, "device_brand", device.brand());
    putIfPresent(user, "device_manufacturer", device.manufacturer());
    putIfPresent(user, "carrier", device.carrier());
    Map<String, Object> properties = new LinkedHashMap<>();
    baseProperties.forEach((key, value) -> {
      if (!key.startsWith(EXPERIMENT_PREFIX)) {
        properties.put(key, value);
      }
    });
    user.put("user_properties", properties);
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("user", user);
    context.put("groups", Map.of());
    return context;
  }

  private static void putIfPresent(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  /** Writes the event as one JSON object (no newline). */
  void writeJson(OutputStream out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("event_type", type);
      String time = amplitudeTime(timeMs);
      if (!omitTime) {
        g.writeStringField("event_time", time);
      }
      g.writeStringField("client_event_time", time);
      g.writeStringField("server_upload_time", amplitudeTime(uploadMs));
      g.writeStringField("user_id", userId);
      g.writeStringField("device_id", device.deviceId());
      if (amplitudeId == null) {
        g.writeNullField("amplitude_id");
      } else {
        g.writeNumberField("amplitude_id", amplitudeId);
      }
      g.writeStringField("$insert_id", insertId);
      g.writeNumberField("session_id", sessionId);
      g.writeNumberField("event_id", eventId);
      g.writeStringField("platform", device.platform());
      g.writeStringField("os_name", device.osName());
      g.writeStringField("os_version", device.osVersion());
      g.writeStringField("version_name", device.versionName());
      g.writeStringField("device_brand", device.brand());
      g.writeStringField("device_manufacturer", device.manufacturer());
      g.writeStringField("device_model", device.model());
      g.writeStringField("carrier", device.carrier());
      g.writeStringField("country", place.country());
      g.writeStringField("region", place.region());
      g.writeStringField("city", place.city());
      g.writeStringField("language", place.language());
      g.writeStringField("library", library);
      g.writeFieldName("user_properties");
      writeMap(g, userProperties);
      g.writeFieldName("event_properties");
      writeMap(g, eventProperties);
      g.writeFieldName("groups");
      g.writeStartObject();
      g.writeEndObject();
      g.writeFieldName("group_properties");
      g.writeStartObject();
      g.writeEndObject();
      g.writeEndObject();
    }
  }

  private static void writeMap(JsonGenerator g, Map<String, Object> map) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      g.writeFieldName(entry.getKey());
      Object value = entry.getValue();
      if (value == null) {
        g.writeNull();
      } else if (value instanceof String s) {
        g.writeString(s);
      } else if (value instanceof Boolean b) {
        g.writeBoolean(b);
      } else if (value instanceof Integer i) {
        g.writeNumber(i);
      } else if (value instanceof Long l) {
        g.writeNumber(l);
      } else if (value instanceof Double d) {
        g.writeNumber(d);
      } else {
        throw new IllegalArgumentException("unsupported property value " + value.getClass());
      }
    }
    g.writeEndObject();
  }

  /** {@code 2026-11-16 10:00:00.123000}: Amplitude's export time format, UTC. */
  static String amplitudeTime(long epochMs) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(
        Math.floorDiv(epochMs, 1000), 0, ZoneOffset.UTC);
    int millis = Math.floorMod(epochMs, 1000);
    StringBuilder s = new StringBuilder(26);
    s.append(t.getYear()).append('-');
    pad2(s, t.getMonthValue()).append('-');
    pad2(s, t.getDayOfMonth()).append(' ');
    pad2(s, t.getHour()).append(':');
    pad2(s, t.getMinute()).append(':');
    pad2(s, t.getSecond()).append('.');
    if (millis < 100) {
      s.append('0');
    }
    if (millis < 10) {
      s.append('0');
    }
    return s.append(millis).append("000").toString();
  }

  private static StringBuilder pad2(StringBuilder s, int value) {
    if (value < 10) {
      s.append('0');
    }
    return s.append(value);
  }
}
