package io.expaudit.events;

import io.expaudit.model.AuditEvent;
import io.expaudit.model.AuditEvent.LoggedAssignment;
import io.expaudit.model.AuditEvent.LoggedExposure;
import io.expaudit.model.AuditEvent.LoggedProperty;
import io.expaudit.model.PropertyState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact binary form of an {@link AuditEvent}, so that the audit shuffles what it parsed once
 * (a few hundred bytes) instead of the raw export line (over a kilobyte) that it would parse
 * again after the shuffle. {@code decode(encode(e))} equals {@code e}, key order included; the
 * context's values keep their Java types (Integer, Long, Double, String, Boolean, List, Map).
 * Not a storage format: both ends run the same build.
 */
public final class EventCodec {
  static final byte NULL = 0;
  static final byte STRING = 1;
  private static final byte INT = 2;
  private static final byte LONG = 3;
  private static final byte DOUBLE = 4;
  private static final byte TRUE = 5;
  private static final byte FALSE = 6;
  private static final byte LIST = 7;
  static final byte MAP = 8;
  /** A string equal to one of the event's ids (the context repeats them): tag, then which. */
  static final byte ID = 9;
  private static final PropertyState[] STATES = PropertyState.values();
  /** Map keys every event repeats, written as one byte each. */
  private static final String[] KEYS = {
    "user", "user_properties", "groups", "group_name", "group_properties", "cohort_ids",
    "user_id", "device_id", "amplitude_id", "platform", "os", "version", "country", "region",
    "city", "language", "device_model", "device_brand", "device_manufacturer", "carrier"
  };
  private static final Map<String, Integer> KEY_INDEX = keyIndex();

  private static Map<String, Integer> keyIndex() {
    Map<String, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < KEYS.length; i++) {
      index.put(KEYS[i], i);
    }
    return index;
  }

  /** {@link #keyCode}s of the context's fixed keys. */
  static final int USER_KEY = keyCode("user");
  static final int USER_PROPERTIES_KEY = keyCode("user_properties");
  static final int GROUPS_KEY = keyCode("groups");

  // An event's sections, in the layout's order (see encode); a batch omits the repeated ones.
  private static final int HEAD = 0; // event type, time, insert id
  private static final int IDS = 1;
  private static final int PROPERTIES = 2;
  private static final int MIDDLE = 3; // assignments, exposure, source
  private static final int LIBRARY = 4;
  private static final int CONTEXT = 5;
  /** How many section ends a batch needs: every section's but the context's, the last. */
  static final int SECTIONS_BEFORE_CONTEXT = CONTEXT;
  /** Flags of a batched event: which sections it shares with the event before it. */
  private static final int SAME_IDS = 1;
  private static final int SAME_PROPERTIES = 2;
  private static final int SAME_LIBRARY = 4;
  private static final int SAME_CONTEXT = 8;

  private EventCodec() {}

  /**
   * How {@link Writer#key(String)} writes {@code key} when it is one of {@link #KEYS}, a negative
   * number; 0 when it is not. For keys known in advance, to spare the lookup per event.
   */
  static int keyCode(String key) {
    Integer index = KEY_INDEX.get(key);
    return index == null ? 0 : -1 - index;
  }

  /** The flag that omits {@code section}, 0 for the sections always written. */
  private static int omittedBy(int section) {
    return switch (section) {
      case IDS -> SAME_IDS;
      case PROPERTIES -> SAME_PROPERTIES;
      case LIBRARY -> SAME_LIBRARY;
      case CONTEXT -> SAME_CONTEXT;
      default -> 0;
    };
  }

  private static int sectionStart(int[] ends, int section) {
    return section == HEAD ? 0 : ends[section - 1];
  }

  private static int sectionEnd(byte[] encoded, int[] ends, int section) {
    return section == CONTEXT ? encoded.length : ends[section];
  }

  /** Where each section of a whole encoded event ends, the context's (the array's end) aside. */
  static int[] sectionEnds(byte[] encoded) {
    Reader r = new Reader(encoded, null, 0, encoded.length);
    int[] ends = new int[SECTIONS_BEFORE_CONTEXT];
    r.skipString(); // event type
    r.varLong(); // time
    r.skipString(); // insert id
    ends[HEAD] = r.pos;
    for (int i = 0; i < 3; i++) {
      r.skipString();
    }
    ends[IDS] = r.pos;
    for (long n = r.varLong(); n > 0; n--) {
      r.skipString(); // flag
      r.varLong(); // state
      r.skipString(); // variant
    }
    ends[PROPERTIES] = r.pos;
    for (long n = r.varLong(); n > 0; n--) {
      r.skipString(); // flag
      r.skipString(); // variant
      r.nullableLong(); // details version
      r.skipString(); // details segment
    }
    if (r.varLong() != 0) { // an exposure: flag and variant
      r.skipString();
      r.skipString();
    }
    r.skipString(); // source
    ends[MIDDLE] = r.pos;
    r.skipString();
    ends[LIBRARY] = r.pos;
    return ends;
  }

  /**
   * The layout, which {@link ExportEventParser} also writes straight from the JSON: event type,
   * time, insert id, the three ids, the logged properties, the assignments, the exposure, source,
   * library, then the context, last so that a decoder can compare it as a byte range.
   */
  public static byte[] encode(AuditEvent e) {
    Writer w = new Writer(e.userId(), e.deviceId(), e.amplitudeId());
    w.string(e.eventType());
    w.varLong(e.time());
    w.string(e.insertId());
    w.ids();
    w.varLong(e.properties().size());
    for (Map.Entry<String, LoggedProperty> p : e.properties().entrySet()) {
      w.string(p.getKey());
      w.property(p.getValue().state(), p.getValue().variant());
    }
    w.assignmentsAndExposure(e.assignments(), e.exposure());
    w.string(e.source());
    w.string(e.library());
    w.value(e.context());
    return w.toByteArray();
  }

  public static AuditEvent decode(byte[] bytes) {
    return new Decoder().decode(bytes);
  }

  /**
   * Several encoded events in one array, each after its length: the events of one unit from one
   * input file travel as one shuffle row, so Spark handles, shuffles and sorts a few rows per unit
   * instead of one per event. Within a batch an event omits what it shares with the one before
   * (its ids, logged properties, library, context: a session's events mostly repeat them), which
   * leaves about two fifths of the bytes to copy, shuffle and sort (199 of 487 per event in the
   * generated 1M world); a flags byte after its insert id says which parts it omits, and the
   * decoder hands out the previous event's values for them.
   */
  public static final class Batch {
    // the events as they come, joined once at the end: a buffer per unit that grows by doubling
    // held several times the data while a whole file's units were being collected
    private final List<byte[]> events = new ArrayList<>(4);
    private byte[] previous;
    private int[] previousEnds;

    public void add(byte[] encoded) {
      add(encoded, sectionEnds(encoded));
    }

    /**
     * {@link #add(byte[])} with the ends of the event's sections before its context, as the parser
     * knows them ({@link ExportEventParser.Encoded#sectionEnds}).
     */
    public void add(byte[] encoded, int[] ends) {
      int same = 0;
      if (previous != null) {
        same |= sameSection(encoded, ends, IDS) ? SAME_IDS : 0;
        same |= sameSection(encoded, ends, PROPERTIES) ? SAME_PROPERTIES : 0;
        same |= sameSection(encoded, ends, LIBRARY) ? SAME_LIBRARY : 0;
        // the context's id references resolve through the ids: equal bytes are equal values
        // only under equal ids
        same |= (same & SAME_IDS) != 0 && sameSection(encoded, ends, CONTEXT) ? SAME_CONTEXT : 0;
      }
      int length = encoded.length + 1;
      for (int section = IDS; section <= CONTEXT; section++) {
        if ((same & omittedBy(section)) != 0) {
          length -= sectionEnd(encoded, ends, section) - sectionStart(ends, section);
        }
      }
      byte[] out = new byte[length];
      int pos = ends[HEAD];
      System.arraycopy(encoded, 0, out, 0, pos);
      out[pos++] = (byte) same;
      for (int section = IDS; section <= CONTEXT; section++) {
        if ((same & omittedBy(section)) == 0) {
          int from = sectionStart(ends, section);
          int n = sectionEnd(encoded, ends, section) - from;
          System.arraycopy(encoded, from, out, pos, n);
          pos += n;
        }
      }
      events.add(out);
      previous = encoded;
      previousEnds = ends;
    }

    private boolean sameSection(byte[] encoded, int[] ends, int section) {
      return Arrays.equals(encoded, sectionStart(ends, section), sectionEnd(encoded, ends, section),
          previous, sectionStart(previousEnds, section), sectionEnd(previous, previousEnds, section));
    }

    public int size() {
      return events.size();
    }

    public byte[] toByteArray() {
      int length = 0;
      for (byte[] e : events) {
        length += varLongSize(e.length) + e.length;
      }
      byte[] out = new byte[length];
      int pos = 0;
      for (byte[] e : events) {
        long z = (long) e.length << 1; // as Writer.varLong writes a length
        while ((z & ~0x7FL) != 0) {
          out[pos++] = (byte) ((z & 0x7F) | 0x80);
          z >>>= 7;
        }
        out[pos++] = (byte) z;
        System.arraycopy(e, 0, out, pos, e.length);
        pos += e.length;
      }
      return out;
    }

    private static int varLongSize(int length) {
      long z = (long) length << 1;
      int size = 1;
      while ((z & ~0x7FL) != 0) {
        z >>>= 7;
        size++;
      }
      return size;
    }
  }

  /**
   * One String per repeated byte sequence (event types, flag keys, variants, ids, the context's
   * values): downstream, equal strings are then mostly one instance whose hash is computed once,
   * and the decoder allocates less. A slot keeps the last string that hashed to it.
   */
  private static final class StringTable {
    private static final int SLOTS = 4096;
    private static final int LONGEST = 24;
    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];

    String get(byte[] buf, int from, int length) {
      if (length > LONGEST) {
        return new String(buf, from, length, StandardCharsets.UTF_8);
      }
      int h = length;
      for (int i = from; i < from + length; i++) {
        h = 31 * h + buf[i];
      }
      int slot = (h ^ (h >>> 12)) & (SLOTS - 1);
      byte[] key = keys[slot];
      if (key != null && Arrays.equals(key, 0, key.length, buf, from, from + length)) {
        return values[slot];
      }
      String s = new String(buf, from, length, StandardCharsets.UTF_8);
      keys[slot] = Arrays.copyOfRange(buf, from, from + length);
      values[slot] = s;
      return s;
    }
  }

  /**
   * Decodes events one after another, handing consecutive events with equal contexts one shared
   * context map: a unit's events mostly carry the same device and properties, and a shared map is
   * built once and, downstream, hashed and compared once. Remembers the last few contexts; not
   * thread-safe.
   */
  public static final class Decoder {
    private static final int REMEMBERED = 4;
    private final byte[][] bytes = new byte[REMEMBERED][];
    private final int[] from = new int[REMEMBERED];
    private final int[] to = new int[REMEMBERED];
    private final String[][] ids = new String[REMEMBERED][];
    private final Object[] contexts = new Object[REMEMBERED];
    private final StringTable strings = new StringTable();
    private int next;

    public AuditEvent decode(byte[] encoded) {
      return decode(encoded, 0, encoded.length);
    }

    /**
     * Decodes every event of a {@link Batch} into {@code into}, in the batch's order; the parts an
     * event shares with the one before are the same objects.
     */
    public void decodeAll(byte[] batch, List<AuditEvent> into) {
      Reader frames = new Reader(batch, strings, 0, batch.length);
      AuditEvent previous = null;
      while (frames.pos < batch.length) {
        int length = (int) frames.varLong();
        previous = decode(batch, frames.pos, frames.pos + length, previous, true);
        into.add(previous);
        frames.pos += length;
      }
    }

    private AuditEvent decode(byte[] encoded, int start, int end) {
      return decode(encoded, start, end, null, false);
    }

    /**
     * @param batched whether the event is in a batch: then a flags byte follows its head, and the
     *     sections it shares with {@code previous} are left out
     */
    @SuppressWarnings("unchecked")
    private AuditEvent decode(byte[] encoded, int start, int end, AuditEvent previous, boolean batched) {
      Reader r = new Reader(encoded, strings, start, end);
      String eventType = r.string();
      long time = r.varLong();
      String insertId = r.uniqueString();
      int same = batched ? encoded[r.pos++] : 0;
      boolean sameIds = (same & SAME_IDS) != 0;
      String userId = sameIds ? previous.userId() : r.string();
      String deviceId = sameIds ? previous.deviceId() : r.string();
      String amplitudeId = sameIds ? previous.amplitudeId() : r.string();
      r.ids = new String[] {userId, deviceId, amplitudeId};
      Map<String, LoggedProperty> properties =
          (same & SAME_PROPERTIES) != 0 ? previous.properties() : properties(r);
      int n = (int) r.varLong();
      Map<String, LoggedAssignment> assignments = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        assignments.put(r.string(), new LoggedAssignment(r.string(), r.nullableLong(), r.string()));
      }
      LoggedExposure exposure = r.varLong() == 0 ? null : new LoggedExposure(r.string(), r.string());
      String source = r.uniqueString();
      String library = (same & SAME_LIBRARY) != 0 ? previous.library() : r.string();
      Map<String, Object> context =
          (same & SAME_CONTEXT) != 0 ? previous.context() : (Map<String, Object>) context(r);
      return new AuditEvent(eventType, time, insertId, userId, deviceId, amplitudeId, context,
          properties, assignments, exposure, source, library);
    }

    private static Map<String, LoggedProperty> properties(Reader r) {
      int n = (int) r.varLong();
      Map<String, LoggedProperty> properties = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        properties.put(r.string(), new LoggedProperty(STATES[(int) r.varLong()], r.string()));
      }
      return properties;
    }

    /** The context at the reader's position, the end of the encoding. */
    private Object context(Reader r) {
      byte[] encoded = r.buf;
      for (int i = 0; i < REMEMBERED; i++) {
        // equal bytes under equal ids: the context's id references resolve to the same strings
        if (bytes[i] != null && Arrays.equals(ids[i], r.ids)
            && Arrays.equals(bytes[i], from[i], to[i], encoded, r.pos, r.end)) {
          return contexts[i];
        }
      }
      int start = r.pos;
      Object context = r.value();
      bytes[next] = encoded;
      from[next] = start;
      to[next] = r.end;
      ids[next] = r.ids;
      contexts[next] = context;
      next = (next + 1) % REMEMBERED;
      return context;
    }
  }

  /**
   * Writes the encoding's parts; the parser also uses one as a scratch area whose ranges it copies
   * into the event's writer once it knows the event ({@link #copy}).
   */
  static final class Writer {
    /** The event's user, device and Amplitude id (null when absent), referred to by index. */
    private final String[] ids = new String[3];
    private byte[] buf = new byte[512];
    private int pos;

    Writer(String userId, String deviceId, String amplitudeId) {
      refersTo(userId, deviceId, amplitudeId);
    }

    /** A writer that refers to no ids, until told otherwise. */
    Writer() {}

    void refersTo(String userId, String deviceId, String amplitudeId) {
      ids[0] = userId;
      ids[1] = deviceId;
      ids[2] = amplitudeId;
    }

    int position() {
      return pos;
    }

    void reset() {
      pos = 0;
    }

    /** Appends {@code from.buf[start, end)}. */
    void copy(Writer from, int start, int end) {
      int n = end - start;
      ensure(n);
      System.arraycopy(from.buf, start, buf, pos, n);
      pos += n;
    }

    /** The three ids, as strings, in the order the context's id references count them. */
    void ids() {
      for (String id : ids) {
        string(id);
      }
    }

    /** An id reference: {@link #ID} and which id. */
    void idReference(int which) {
      buf(ID);
      buf((byte) which);
    }

    /** A logged property's value: its state and its variant. */
    void property(PropertyState state, String variant) {
      varLong(state.ordinal());
      string(variant);
    }

    void assignmentsAndExposure(Map<String, LoggedAssignment> assignments, LoggedExposure exposure) {
      varLong(assignments.size());
      for (Map.Entry<String, LoggedAssignment> a : assignments.entrySet()) {
        string(a.getKey());
        string(a.getValue().variant());
        nullableLong(a.getValue().detailsVersion());
        string(a.getValue().detailsSegment());
      }
      varLong(exposure == null ? 0 : 1);
      if (exposure != null) {
        string(exposure.flagKey());
        string(exposure.variant());
      }
    }

    private void ensure(int extra) {
      if (pos + extra > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
      }
    }

    void varLong(long v) {
      long z = (v << 1) ^ (v >> 63); // zig-zag: small negatives stay short
      ensure(10);
      while ((z & ~0x7FL) != 0) {
        buf[pos++] = (byte) ((z & 0x7F) | 0x80);
        z >>>= 7;
      }
      buf[pos++] = (byte) z;
    }

    void nullableLong(Long v) {
      if (v == null) {
        buf(NULL);
      } else {
        buf(LONG);
        varLong(v);
      }
    }

    void buf(byte b) {
      ensure(1);
      buf[pos++] = b;
    }

    /** Length + 1 (0 for null), then UTF-8. */
    void string(String s) {
      if (s == null) {
        varLong(0);
        return;
      }
      int n = s.length();
      ensure(n + 10);
      int start = pos;
      varLong(n + 1L);
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) { // not ASCII: start over with the general encoder
          pos = start;
          byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
          varLong(utf8.length + 1L);
          ensure(utf8.length);
          System.arraycopy(utf8, 0, buf, pos, utf8.length);
          pos += utf8.length;
          return;
        }
        buf[pos++] = (byte) c;
      }
    }

    /** {@link #string(String)} of {@code chars[offset, offset + length)}, without a String. */
    void string(char[] chars, int offset, int length) {
      ensure(length + 10);
      int start = pos;
      varLong(length + 1L);
      for (int i = 0; i < length; i++) {
        char c = chars[offset + i];
        if (c >= 0x80) { // not ASCII: as the String would be written
          pos = start;
          string(new String(chars, offset, length));
          return;
        }
        buf[pos++] = (byte) c;
      }
    }

    /** A map key: a negative index into {@link #KEYS}, else as {@link #string}. */
    void key(String s) {
      key(keyCode(s), s);
    }

    /** {@link #key(String)} with the key's {@link #keyCode} already known. */
    void key(int code, String s) {
      if (code == 0) {
        string(s);
      } else {
        varLong(code);
      }
    }

    void value(Object v) {
      if (v == null) {
        buf(NULL);
      } else if (v instanceof String s) {
        for (int i = 0; i < ids.length; i++) {
          if (s.equals(ids[i])) {
            buf(ID);
            buf((byte) i);
            return;
          }
        }
        buf(STRING);
        string(s);
      } else if (v instanceof Integer i) {
        buf(INT);
        varLong(i);
      } else if (v instanceof Long l) {
        buf(LONG);
        varLong(l);
      } else if (v instanceof Double d) {
        buf(DOUBLE);
        ensure(8);
        long bits = Double.doubleToRawLongBits(d);
        for (int i = 0; i < 8; i++) {
          buf[pos++] = (byte) (bits >>> (8 * i));
        }
      } else if (v instanceof Boolean b) {
        buf(b ? TRUE : FALSE);
      } else if (v instanceof List<?> list) {
        buf(LIST);
        varLong(list.size());
        list.forEach(this::value);
      } else if (v instanceof Map<?, ?> map) {
        buf(MAP);
        varLong(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          key((String) entry.getKey());
          value(entry.getValue());
        }
      } else {
        throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, pos);
    }
  }

  private static final class Reader {
    private final byte[] buf;
    private final StringTable strings;
    private int pos;
    private String[] ids;

    /** The end of the event being read, where its context ends. */
    private final int end;

    Reader(byte[] buf, StringTable strings, int start, int end) {
      this.buf = buf;
      this.strings = strings;
      this.pos = start;
      this.end = end;
    }

    long varLong() {
      long z = 0;
      int shift = 0;
      byte b;
      do {
        b = buf[pos++];
        z |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      return (z >>> 1) ^ -(z & 1);
    }

    Long nullableLong() {
      return buf[pos++] == NULL ? null : varLong();
    }

    String key() {
      long header = varLong();
      return header < 0 ? KEYS[(int) (-1 - header)] : string(header);
    }

    String string() {
      return string(varLong());
    }

    private String string(long header) {
      int length = (int) header - 1;
      if (length < 0) {
        return null;
      }
      String s = strings.get(buf, pos, length);
      pos += length;
      return s;
    }

    void skipString() {
      int length = (int) varLong() - 1; // read before pos is: varLong moves it
      pos += Math.max(0, length);
    }

    /** A string that rarely repeats (an insert id): not worth a place in the table. */
    String uniqueString() {
      int length = (int) varLong() - 1;
      if (length < 0) {
        return null;
      }
      String s = new String(buf, pos, length, StandardCharsets.UTF_8);
      pos += length;
      return s;
    }

    Object value() {
      byte tag = buf[pos++];
      switch (tag) {
        case NULL:
          return null;
        case STRING:
          return string();
        case ID:
          return ids[buf[pos++]];
        case INT:
          return (int) varLong();
        case LONG:
          return varLong();
        case DOUBLE: {
          long bits = 0;
          for (int i = 0; i < 8; i++) {
            bits |= (buf[pos++] & 0xFFL) << (8 * i);
          }
          return Double.longBitsToDouble(bits);
        }
        case TRUE:
          return Boolean.TRUE;
        case FALSE:
          return Boolean.FALSE;
        case LIST: {
          int n = (int) varLong();
          List<Object> list = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            list.add(value());
          }
          return Collections.unmodifiableList(list);
        }
        case MAP: {
          int n = (int) varLong();
          Map<String, Object> map = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            map.put(key(), value());
          }
          return Collections.unmodifiableMap(map);
        }
        default:
          throw new IllegalStateException("corrupt event encoding: tag " + tag + " at " + (pos - 1));
      }
    }
  }
}
