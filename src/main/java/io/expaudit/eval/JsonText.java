package io.expaudit.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two engines' own JSON, reproduced because their quirks decide results (spec §6.2):
 *
 * <ul>
 *   <li>Kotlin prints maps and lists with kotlinx-serialization (compact; numbers as the JVM
 *       prints them, {@code 1.0}) and parses a {@code "[..."} string property with its
 *       <em>lenient</em> reader, where an unquoted token such as {@code abc} is a literal that
 *       is neither boolean nor number and so decodes to null (dropped): {@code "[abc]"} is an
 *       empty list.
 *   <li>JS uses {@code JSON.stringify} (numbers as JS prints them, integer-like keys first, lone
 *       surrogates escaped) and strict {@code JSON.parse}.
 * </ul>
 */
final class JsonText {
  private JsonText() {}

  // ---------------------------------------------------------------- printing

  /**
   * kotlinx {@code Json.encodeToString(value.toJsonElement())}, compact.
   *
   * @throws EvaluationException for a NaN or infinite number anywhere inside, as kotlinx does
   */
  static String kotlinxPrint(Object value) {
    StringBuilder out = new StringBuilder();
    printKotlinx(value, out);
    return out.toString();
  }

  private static void printKotlinx(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      quote(s, out, false);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          continue;
        }
        if (!first) {
          out.append(',');
        }
        first = false;
        quote(key, out, false);
        out.append(':');
        printKotlinx(e.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        printKotlinx(list.get(i), out);
      }
      out.append(']');
    } else if (value instanceof FlagResult result) {
      // an EvaluationVariant inside the results map: toJsonElement() falls back to its toString
      quote(result.asKotlinString(), out, false);
    } else if ((value instanceof Double d && !Double.isFinite(d))
        || (value instanceof Float f && !Float.isFinite(f))) {
      // kotlinx (allowSpecialFloatingPointValues off) refuses to encode NaN and Infinity, and the
      // engine lets its JsonEncodingException escape evaluate()
      throw new EvaluationException(
          "cannot print " + value + " inside a map or list as JSON: kotlinx-serialization rejects"
              + " non-finite numbers, so the Kotlin engine fails this evaluation");
    } else {
      out.append(value); // Boolean, Integer, Long, Double: the JVM's toString
    }
  }

  /** {@code JSON.stringify(value)} in JavaScript. */
  static String jsStringify(Object value) {
    StringBuilder out = new StringBuilder();
    printJs(value, out);
    return out.toString();
  }

  private static void printJs(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      quote(s, out, true);
    } else if (value instanceof Number n) {
      double d = n.doubleValue();
      out.append(Double.isFinite(d) ? JsNumbers.toString(d) : "null");
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : JsObjects.ordered(map)) {
        if (!first) {
          out.append(',');
        }
        first = false;
        quote(e.getKey(), out, true);
        out.append(':');
        printJs(e.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        printJs(list.get(i), out);
      }
      out.append(']');
    } else if (value instanceof FlagResult result) {
      printJs(result.asJsObject(), out); // a result object inside the results map
    } else {
      out.append(value); // Boolean
    }
  }

  /** Both printers escape {@code "}, {@code \}, and controls below 0x20; JS also lone surrogates. */
  private static void quote(String s, StringBuilder out, boolean escapeLoneSurrogates) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          boolean lone =
              escapeLoneSurrogates
                  && Character.isSurrogate(c)
                  && !(Character.isHighSurrogate(c)
                      && i + 1 < s.length()
                      && Character.isLowSurrogate(s.charAt(i + 1)))
                  && !(Character.isLowSurrogate(c)
                      && i > 0
                      && Character.isHighSurrogate(s.charAt(i - 1)));
          if (c < 0x20 || lone) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  // ---------------------------------------------------------------- parsing

  /**
   * kotlinx lenient {@code decodeFromString<JsonArray>(s)} then the engine's {@code toAny}:
   * the elements as Java values, or null when {@code s} does not parse.
   */
  static List<Object> kotlinxParseArray(String s) {
    Reader r = new Reader(s, true);
    try {
      r.skipWhitespace();
      if (r.peek() != '[') {
        return null;
      }
      Object value = r.readValue();
      r.skipWhitespace();
      if (!r.atEnd()) {
        return null;
      }
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) value;
      return list;
    } catch (Malformed e) {
      return null;
    }
  }

  /** Strict {@code JSON.parse(s)} when it yields an array, else null. */
  static List<Object> jsParseArray(String s) {
    Reader r = new Reader(s, false);
    try {
      r.skipWhitespace();
      if (r.peek() != '[') {
        return null;
      }
      Object value = r.readValue();
      r.skipWhitespace();
      if (!r.atEnd()) {
        return null;
      }
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) value;
      return list;
    } catch (Malformed e) {
      return null;
    }
  }

  private static final class Malformed extends Exception {
    Malformed() {
      super(null, null, false, false);
    }
  }

  /**
   * One reader, two dialects. Kotlin (lenient): white space is space, tab, CR, LF; an unquoted
   * run of "other" characters is a literal ({@code null} is JSON null; {@code true}/{@code false}
   * are booleans; else an integer, long or double when it parses as one, else null); object
   * keys may be unquoted; raw control characters are allowed inside strings. JS (strict): RFC
   * 8259 only, numbers are doubles.
   */
  private static final class Reader {
    private final String s;
    private final boolean kotlin;
    private int pos;

    Reader(String s, boolean kotlin) {
      this.s = s;
      this.kotlin = kotlin;
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    void skipWhitespace() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          pos++;
        } else {
          break;
        }
      }
    }

    Object readValue() throws Malformed {
      skipWhitespace();
      if (atEnd()) {
        throw new Malformed();
      }
      char c = peek();
      switch (c) {
        case '[':
          return readArray();
        case '{':
          return readObject();
        case '"':
          return readString();
        default:
          return kotlin ? kotlinLiteral(readLenientToken()) : jsLiteral();
      }
    }

    private List<Object> readArray() throws Malformed {
      pos++; // [
      List<Object> list = new ArrayList<>();
      skipWhitespace();
      if (peek() == ']') {
        pos++;
        return list;
      }
      while (true) {
        list.add(readValue());
        skipWhitespace();
        char c = peek();
        pos++;
        if (c == ']') {
          return list;
        }
        if (c != ',') {
          throw new Malformed();
        }
        skipWhitespace();
        if (peek() == ']') {
          throw new Malformed(); // trailing comma: both dialects reject it
        }
      }
    }

    private Map<String, Object> readObject() throws Malformed {
      pos++; // {
      Map<String, Object> map = new LinkedHashMap<>();
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        return map;
      }
      while (true) {
        skipWhitespace();
        String key;
        if (peek() == '"') {
          key = readString();
        } else if (kotlin) {
          key = readLenientToken();
        } else {
          throw new Malformed();
        }
        skipWhitespace();
        if (peek() != ':') {
          throw new Malformed();
        }
        pos++;
        map.put(key, readValue());
        skipWhitespace();
        char c = peek();
        pos++;
        if (c == '}') {
          return map;
        }
        if (c != ',') {
          throw new Malformed();
        }
        skipWhitespace();
        if (peek() == '}') {
          throw new Malformed();
        }
      }
    }

    private String readString() throws Malformed {
      pos++; // opening quote
      StringBuilder out = new StringBuilder();
      while (true) {
        if (atEnd()) {
          throw new Malformed();
        }
        char c = s.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\') {
          if (atEnd()) {
            throw new Malformed();
          }
          char e = s.charAt(pos++);
          switch (e) {
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case '/' -> out.append('/');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'u' -> {
              if (pos + 4 > s.length()) {
                throw new Malformed();
              }
              int code = 0;
              for (int i = 0; i < 4; i++) {
                int d = Character.digit(s.charAt(pos + i), 16);
                if (d < 0 || s.charAt(pos + i) > 'f') {
                  throw new Malformed();
                }
                code = code * 16 + d;
              }
              pos += 4;
              out.append((char) code);
            }
            default -> throw new Malformed();
          }
        } else if (c < 0x20 && !kotlin) {
          throw new Malformed();
        } else {
          out.append(c);
        }
      }
    }

    /** A run of characters that are not structural, quote, backslash, white space or control. */
    private String readLenientToken() throws Malformed {
      int start = pos;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c <= 0x20 || c == ',' || c == ':' || c == '{' || c == '}' || c == '[' || c == ']'
            || c == '"' || c == '\\') {
          break;
        }
        pos++;
      }
      if (pos == start) {
        throw new Malformed();
      }
      return s.substring(start, pos);
    }

    /** kotlinx {@code JsonPrimitive.toAny()} for an unquoted literal. */
    private static Object kotlinLiteral(String token) {
      switch (token) {
        case "null":
          return null;
        case "true":
          return Boolean.TRUE;
        case "false":
          return Boolean.FALSE;
        default:
          break;
      }
      Long integral = kotlinxNumericLiteral(token); // intOrNull, then longOrNull
      if (integral != null) {
        long n = integral;
        return n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE ? (Object) (int) n : integral;
      }
      try {
        return Double.parseDouble(token); // doubleOrNull
      } catch (NumberFormatException e) {
        return null; // neither boolean nor number: the engine's toAny gives null
      }
    }

    /**
     * kotlinx-serialization 1.6.3's {@code consumeNumericLiteral} on a literal's content, which
     * its {@code intOrNull} and {@code longOrNull} use, or null where it throws. It reads an
     * exponent too and accepts an integral result: {@code 1e2} is 100, {@code 120e-1} is 12,
     * {@code 1e} is 1, while {@code 1.0} and {@code 1e-2} are not integers (they become doubles).
     * Checked against the Kotlin engine on each of these forms.
     */
    static Long kotlinxNumericLiteral(String s) {
      long accumulator = 0; // negative, as kotlinx accumulates it
      long exponent = 0;
      boolean negative = false;
      boolean exponentPositive = false;
      boolean hasExponent = false;
      int i = 0;
      int n = s.length();
      while (i < n) {
        char c = s.charAt(i);
        if ((c == 'e' || c == 'E') && !hasExponent) {
          if (i == 0) {
            return null;
          }
          exponentPositive = true;
          hasExponent = true;
          i++;
          continue;
        }
        if (c == '-' && hasExponent) {
          exponentPositive = false;
          i++;
          continue;
        }
        if (c == '+' && hasExponent) {
          exponentPositive = true;
          i++;
          continue;
        }
        if (c == '-') {
          if (i != 0) {
            return null;
          }
          negative = true;
          i++;
          continue;
        }
        i++;
        int digit = c - '0';
        if (digit < 0 || digit > 9) {
          return null;
        }
        if (hasExponent) {
          exponent = exponent * 10 + digit;
          continue;
        }
        accumulator = accumulator * 10 - digit;
        if (accumulator > 0) {
          return null; // overflow
        }
      }
      if (n == 0 || (negative && n == 1)) {
        return null;
      }
      if (hasExponent) {
        double d = accumulator * Math.pow(10.0, exponentPositive ? exponent : -exponent);
        if (d > Long.MAX_VALUE || d < Long.MIN_VALUE || Math.floor(d) != d) {
          return null;
        }
        accumulator = (long) d;
      }
      if (negative) {
        return accumulator;
      }
      return accumulator != Long.MIN_VALUE ? -accumulator : null;
    }

    private Object jsLiteral() throws Malformed {
      if (s.startsWith("true", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("false", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      if (s.startsWith("null", pos)) {
        pos += 4;
        return null;
      }
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      if (peek() == '0') {
        pos++;
      } else if (peek() >= '1' && peek() <= '9') {
        while (peek() >= '0' && peek() <= '9') {
          pos++;
        }
      } else {
        throw new Malformed();
      }
      if (peek() == '.') {
        pos++;
        if (!(peek() >= '0' && peek() <= '9')) {
          throw new Malformed();
        }
        while (peek() >= '0' && peek() <= '9') {
          pos++;
        }
      }
      if (peek() == 'e' || peek() == 'E') {
        pos++;
        if (peek() == '+' || peek() == '-') {
          pos++;
        }
        if (!(peek() >= '0' && peek() <= '9')) {
          throw new Malformed();
        }
        while (peek() >= '0' && peek() <= '9') {
          pos++;
        }
      }
      return Double.parseDouble(s.substring(start, pos));
    }
  }
}
