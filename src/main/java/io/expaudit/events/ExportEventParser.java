package io.expaudit.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
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
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Amplitude-exported event (JSON object) to {@link EventCodec}'s form (what the audit
 * shuffles) or an {@link AuditEvent}, or a rejection with its reason (DESIGN.md, Definitions:
 * malformed row). Thread-safe; the same line always gives the same result.
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
   * The factory for event lines, with its buffers in a {@link StripedPool} rather than Jackson's
   * default thread-local pool (a parser per line looked the pool up in the executor threads'
   * crowded ThreadLocal tables) or its shared deque (a node allocated per line, and the threads
   * contending for its ends): each a few percent of the whole read.
   */
  private static final JsonFactory LINES = JsonFactory.builder().recyclerPool(new StripedPool()).build();

  /**
   * Jackson's buffers for a parser, one set per slot, a thread's slot chosen by its id: a
   * thread finds its own buffers without a lookup, an exchange of one reference. Threads sharing
   * a slot just allocate when they find it empty.
   */
  private static final class StripedPool implements RecyclerPool<BufferRecycler> {
    private static final long serialVersionUID = 1L;
    private static final int SLOTS = 64;
    private final transient AtomicReferenceArray<BufferRecycler> slots = new AtomicReferenceArray<>(SLOTS);

    @Override
    public BufferRecycler acquirePooled() {
      BufferRecycler buffers = slots.getAndSet(slot(), null);
      return buffers != null ? buffers : new BufferRecycler();
    }

    @Override
    public void releasePooled(BufferRecycler buffers) {
      slots.set(slot(), buffers);
    }

    private static int slot() {
      return (int) (Thread.currentThread().getId() & (SLOTS - 1));
    }
  }
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

  /** The default analysis unit: the first present of these ids (DESIGN.md, Pipeline 3). */
  public static final List<String> DEFAULT_UNIT_PRECEDENCE = List.of("amplitude_id", "user_id", "device_id");

  private final List<String> unitPrecedence;
  /** The {@code context.user} field names, in mapping order. */
  private final String[] contextNames;
  /** {@link #contextNames} as the codec writes them as keys ({@link EventCodec#keyCode}), found once. */
  private final int[] contextKeys;
  /** Event field → its index in {@link #contextNames}. */
  private final HashMap<String, Integer> fieldSlots = new HashMap<>();
  /**
   * One event's working state kept for the next line: allocating it per line cost more than
   * the rest of the parser's bookkeeping. Threads that find it taken make their own.
   */
  private transient AtomicReference<TopLevel> spare = new AtomicReference<>();

  public ExportEventParser() {
    this(DEFAULT_USER_FIELDS, DEFAULT_UNIT_PRECEDENCE);
  }

  /**
   * @param userFields event field → {@code context.user} field, in context order; no two event
   *     fields to one context field, none to {@code user_properties}
   * @param unitPrecedence the ids keying a unit, first present wins
   */
  public ExportEventParser(Map<String, String> userFields, List<String> unitPrecedence) {
    this.unitPrecedence = List.copyOf(unitPrecedence);
    this.contextNames = userFields.values().toArray(new String[0]);
    this.contextKeys = Arrays.stream(contextNames).mapToInt(EventCodec::keyCode).toArray();
    Set<String> seen = new java.util.HashSet<>();
    for (String name : contextNames) {
      if (!seen.add(name) || name.equals("user_properties")) {
        throw new IllegalArgumentException("context.user field '" + name + "' is "
            + (name.equals("user_properties") ? "where the user properties go" : "mapped from two event fields"));
      }
    }
    for (String event : userFields.keySet()) {
      fieldSlots.put(event, fieldSlots.size());
    }
  }

  private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    spare = new AtomicReference<>();
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
   * Either an event in {@link EventCodec}'s form, with its unit (null when none of the ids in
   * the unit precedence is present), its time and where its sections before the context end (for
   * {@link EventCodec.Batch#add(byte[], int[])}), or the reason it was rejected.
   */
  public record Encoded(byte[] event, String unit, long time, String rejection, int[] sectionEnds) {
    static Encoded reject(String reason) {
      return new Encoded(null, null, 0, reason, null);
    }
  }

  /**
   * Parses one JSON line in a single streaming pass: only the fields the audit reads are
   * materialized, everything else is skipped token by token. Rejects, in this order: text that is
   * not one JSON object (trailing content included), a missing or unreadable {@code event_time},
   * no id at all, unreadable assignment {@code details}, an exposure without a flag key.
   */
  public Parsed parseLine(String line, String source) {
    return decoded(encodeLine(line, source));
  }

  /**
   * {@link #parseLine(String, String)} on the UTF-8 bytes {@code [offset, offset + length)}
   * (bytes that are not UTF-8 are rejected as not valid JSON).
   */
  public Parsed parseLine(byte[] utf8, int offset, int length, String source) {
    return decoded(encodeLine(utf8, offset, length, source));
  }

  private static Parsed decoded(Encoded e) {
    return e.rejection() != null ? Parsed.reject(e.rejection()) : new Parsed(EventCodec.decode(e.event()), null);
  }

  /**
   * What {@link #parseLine(String, String)} reads, written straight into {@link EventCodec}'s
   * form: what the audit shuffles, without building the event's maps and strings first.
   */
  public Encoded encodeLine(String line, String source) {
    try (JsonParser p = LINES.createParser(line)) {
      return parse(p, source);
    } catch (IOException e) {
      return rejectUnreadable(e);
    }
  }

  /** {@link #encodeLine(String, String)} on UTF-8 bytes, sparing each line its decoding into a String. */
  public Encoded encodeLine(byte[] utf8, int offset, int length, String source) {
    try (JsonParser p = LINES.createParser(utf8, offset, length)) {
      return parse(p, source);
    } catch (IOException e) {
      return rejectUnreadable(e);
    }
  }

  private Encoded parse(JsonParser p, String source) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return Encoded.reject("not a JSON object");
    }
    TopLevel top = spare.getAndSet(null); // the last one, when no other thread holds it
    if (top == null) {
      top = new TopLevel();
    }
    try {
      return parse(p, source, top);
    } finally {
      top.clear();
      spare.set(top);
    }
  }

  private Encoded parse(JsonParser p, String source, TopLevel top) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      top.read(field, p.nextToken(), p);
    }
    if (p.nextToken() != null) {
      return Encoded.reject("not valid JSON: trailing content");
    }
    return top.toEncoded(source);
  }

  private static Encoded rejectUnreadable(IOException e) {
    String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return Encoded.reject("not valid JSON: " + message);
  }

  /**
   * The top-level fields of one event as the streaming pass leaves them. Values that only travel
   * (the context's fields, the insert ids, the user properties) are written in the codec's form as
   * they are met, and copied in the codec's order at the end.
   */
  private final class TopLevel {
    /** Slots after the user fields': the two insert ids. */
    private final int insertIdSlot = contextNames.length;
    private final int plainInsertIdSlot = contextNames.length + 1;
    /** A slot's start when its value is absent (JSON null, empty, a container). */
    private static final int ABSENT = -1;

    final EventCodec.Writer scratch = new EventCodec.Writer();
    /** Where the event is assembled in the codec's order at the end. */
    final EventCodec.Writer encoded = new EventCodec.Writer();
    /** Per slot, the range of its string in {@link #scratch}; or ABSENT; or -2 - i for id i. */
    final int[] slotStart = new int[contextNames.length + 2];
    final int[] slotEnd = new int[contextNames.length + 2];
    /** user, device, Amplitude id. */
    final String[] ids = new String[3];
    Long time;
    String unreadableTime;
    String eventType;
    String library;
    boolean hasDollarInsertId;
    /** Whether {@code user_properties} was an object (else the context has none). */
    boolean hasUserProperties;
    /**
     * The context's user properties and the logged {@code [Experiment]} ones, as the codec writes
     * a map's entries and the logged properties. A repeated name is written again: decoding puts
     * it into the map where the first one is, with the last value, as reading into a map would.
     */
    final EventCodec.Writer userProperties = new EventCodec.Writer();
    final EventCodec.Writer loggedProperties = new EventCodec.Writer();
    int userPropertyCount;
    int loggedPropertyCount;
    Map<String, String> eventProperties;
    Object groups;
    Object groupProperties;

    TopLevel() {
      clear();
    }

    /** Ready for the next event. */
    void clear() {
      Arrays.fill(slotStart, ABSENT);
      Arrays.fill(ids, null);
      time = null;
      unreadableTime = null;
      eventType = null;
      library = null;
      hasDollarInsertId = false;
      hasUserProperties = false;
      scratch.reset();
      userProperties.reset();
      loggedProperties.reset();
      userPropertyCount = 0;
      loggedPropertyCount = 0;
      eventProperties = null;
      groups = null;
      groupProperties = null;
    }

    void read(String field, JsonToken token, JsonParser p) throws IOException {
      switch (field) {
        case "event_time" -> readTime(token, p);
        case "event_type" -> eventType = scalarText(token, p);
        case "library" -> {
          library = scalarText(token, p);
          Integer slot = fieldSlots.get(field);
          if (slot != null) {
            slotString(slot, library);
          }
        }
        case "$insert_id" -> {
          slot(insertIdSlot, token, p);
          hasDollarInsertId = true;
        }
        case "insert_id" -> slot(plainInsertIdSlot, token, p);
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
          Integer slot = fieldSlots.get(field);
          int id = idIndex(field);
          if (id >= 0) {
            ids[id] = scalarText(token, p);
            if (slot != null) {
              slotStart[slot] = ids[id] == null ? ABSENT : -2 - id;
            }
          } else if (slot != null) {
            slot(slot, token, p);
          } else {
            p.skipChildren();
          }
        }
      }
    }

    /** The scalar at {@code token} as {@link #scalarText} reads it, into a slot. */
    private void slot(int slot, JsonToken token, JsonParser p) throws IOException {
      if (token != JsonToken.VALUE_STRING) {
        slotString(slot, scalarText(token, p));
      } else if (p.getTextLength() == 0) {
        slotStart[slot] = ABSENT;
      } else {
        slotStart[slot] = scratch.position();
        scratch.string(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        slotEnd[slot] = scratch.position();
      }
    }

    private void slotString(int slot, String text) {
      if (text == null) {
        slotStart[slot] = ABSENT;
      } else {
        slotStart[slot] = scratch.position();
        scratch.string(text);
        slotEnd[slot] = scratch.position();
      }
    }

    private void readTime(JsonToken token, JsonParser p) throws IOException {
      time = null;
      unreadableTime = null;
      if (token == JsonToken.VALUE_NUMBER_INT) {
        time = p.getLongValue();
      } else if (token == JsonToken.VALUE_STRING) {
        time = exportTime(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        if (time == null) {
          time = time(p.getText());
          unreadableTime = time == null ? JSON.writeValueAsString(p.getText()) : null;
        }
      } else if (token != JsonToken.VALUE_NULL) {
        unreadableTime = JSON.readTree(p).toString();
      }
    }

    /**
     * {@code [Experiment] <flag>} keys become logged properties, the rest the context's
     * {@code user_properties}, each value written as the codec writes it.
     */
    private void readUserProperties(JsonToken token, JsonParser p) throws IOException {
      userProperties.reset();
      loggedProperties.reset();
      userPropertyCount = 0;
      loggedPropertyCount = 0;
      hasUserProperties = token == JsonToken.START_OBJECT;
      if (!hasUserProperties) {
        p.skipChildren();
        return;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken value = p.nextToken();
        if (key.startsWith(PREFIX)) {
          loggedPropertyCount++;
          loggedProperties.string(flagOf(key));
          if (value == JsonToken.VALUE_STRING && p.getTextLength() > 0) {
            loggedProperties.varLong(PropertyState.PRESENT.ordinal());
            loggedProperties.string(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
          } else {
            LoggedProperty property = property(value, p);
            loggedProperties.property(property.state(), property.variant());
          }
        } else {
          userPropertyCount++;
          userProperties.key(key);
          if (value == JsonToken.VALUE_STRING) {
            userProperties.buf(EventCodec.STRING);
            userProperties.string(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
          } else {
            userProperties.value(value(value, p));
          }
        }
      }
    }

    Encoded toEncoded(String source) {
      if (time == null) {
        return Encoded.reject(unreadableTime != null ? "unreadable event_time " + unreadableTime
            : "missing event_time");
      }
      if (ids[0] == null && ids[1] == null && ids[2] == null) {
        return Encoded.reject("no user_id, device_id or amplitude_id");
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
              return Encoded.reject("unparseable " + flag + ".details '" + details
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
          return Encoded.reject("exposure without a flag key");
        }
        exposure = new LoggedExposure(flag, first(eventProps, "variant", PREFIX + "Variant"));
      }

      // EventCodec's layout (see EventCodec.encode)
      EventCodec.Writer w = encoded;
      w.reset();
      w.refersTo(ids[0], ids[1], ids[2]);
      // where each section ends, so that a batch need not walk the encoding to find them
      int[] ends = new int[EventCodec.SECTIONS_BEFORE_CONTEXT];
      w.string(eventType);
      w.varLong(time);
      copyString(w, hasDollarInsertId ? insertIdSlot : plainInsertIdSlot);
      ends[0] = w.position();
      w.ids();
      ends[1] = w.position();
      w.varLong(loggedPropertyCount);
      w.copy(loggedProperties, 0, loggedProperties.position());
      ends[2] = w.position();
      w.assignmentsAndExposure(assignments, exposure);
      w.string(source);
      ends[3] = w.position();
      w.string(library);
      ends[4] = w.position();
      // the context: {"user": {<fields in mapping order>, "user_properties": {...}}, "groups": {...}}
      Map<String, Object> groupContext = groups(groups, groupProperties);
      w.buf(EventCodec.MAP);
      w.varLong(groupContext.isEmpty() ? 1 : 2);
      w.key(EventCodec.USER_KEY, "user");
      w.buf(EventCodec.MAP);
      int present = hasUserProperties ? 1 : 0;
      for (int i = 0; i < contextNames.length; i++) {
        present += slotStart[i] == ABSENT ? 0 : 1;
      }
      w.varLong(present);
      for (int i = 0; i < contextNames.length; i++) {
        if (slotStart[i] == ABSENT) {
          continue;
        }
        w.key(contextKeys[i], contextNames[i]);
        if (slotStart[i] < ABSENT) {
          w.idReference(-2 - slotStart[i]);
        } else {
          w.buf(EventCodec.STRING);
          w.copy(scratch, slotStart[i], slotEnd[i]);
        }
      }
      if (hasUserProperties) {
        w.key(EventCodec.USER_PROPERTIES_KEY, "user_properties");
        w.buf(EventCodec.MAP);
        w.varLong(userPropertyCount);
        w.copy(userProperties, 0, userProperties.position());
      }
      if (!groupContext.isEmpty()) {
        w.key(EventCodec.GROUPS_KEY, "groups");
        w.value(groupContext);
      }
      return new Encoded(w.toByteArray(), unitOf(ids[0], ids[1], ids[2]), time, null, ends);
    }

    private void copyString(EventCodec.Writer w, int slot) {
      if (slotStart[slot] == ABSENT) {
        w.string(null);
      } else {
        w.copy(scratch, slotStart[slot], slotEnd[slot]);
      }
    }
  }

  /** Which of user, device and Amplitude id an event field is (their order in the codec), or -1. */
  private static int idIndex(String field) {
    return switch (field) {
      case "user_id" -> 0;
      case "device_id" -> 1;
      case "amplitude_id" -> 2;
      default -> -1;
    };
  }

  /**
   * The analysis unit of an event: its first present id in the configured precedence (by default
   * {@code amplitude_id}, else {@code user_id}, else {@code device_id}); null when it has none of
   * those (an event with only an id left out of the precedence is quarantined by the caller).
   */
  private String unitOf(String userId, String deviceId, String amplitudeId) {
    for (String id : unitPrecedence) {
      String value = switch (id) {
        case "amplitude_id" -> amplitudeId;
        case "user_id" -> userId;
        default -> deviceId;
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
    return exportTime(s.toCharArray(), 0, s.length());
  }

  /** {@link #exportTime(String)} of {@code c[o, o + n)}: the parser's characters, no String. */
  static Long exportTime(char[] c, int o, int n) {
    if (n < 19 || c[o + 4] != '-' || c[o + 7] != '-' || c[o + 10] != ' '
        || c[o + 13] != ':' || c[o + 16] != ':' || (n > 19 && c[o + 19] != '.')) {
      return null;
    }
    int year = digits(c, o, o + 4);
    int month = digits(c, o + 5, o + 7);
    int day = digits(c, o + 8, o + 10);
    int hour = digits(c, o + 11, o + 13);
    int minute = digits(c, o + 14, o + 16);
    int second = digits(c, o + 17, o + 19);
    int millis = 0;
    if (n > 19) {
      if (n == 20 || n > 29 || digits(c, o + 20, o + n) < 0) {
        return null;
      }
      int end = Math.min(n, 23);
      millis = digits(c, o + 20, o + end) * (end == 21 ? 100 : end == 22 ? 10 : 1);
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

  /** The decimal value of {@code c[from, to)} (at most 9 digits), or -1 if not all digits. */
  private static int digits(char[] c, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      if (c[i] < '0' || c[i] > '9') {
        return -1;
      }
      value = value * 10 + (c[i] - '0');
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
