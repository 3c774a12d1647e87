package io.expaudit.eval;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Regex conditions (spec §6.8). Kotlin compiles the filter with {@code java.util.regex} and
 * requires a full match; JS compiles an ECMAScript {@code RegExp} and searches. For JS the
 * pattern is translated to {@code java.util.regex} where the dialects differ in ways real
 * patterns use: {@code .} excludes only the four JS line terminators, {@code $} is the end of
 * input, {@code \s} is JS white space, {@code \v} is only VT, {@code [^]} is any character,
 * {@code []} matches nothing, {@code \0} is NUL, {@code [\b]} is backspace and a {@code {}
 * that starts no quantifier is literal. ECMAScript without the u flag matches UTF-16 code units
 * where Java matches code points, so {@code .} or {@code [^a]} takes one half of an emoji: for
 * JS every surrogate unit, in the subject and in the pattern (literal, escaped, in class ranges),
 * is mapped to a code point of its own first. Annex B identity escapes ({@code \e}, {@code \p},
 * {@code \x} without hex digits, ...) are the letter itself. Other ECMAScript corners (Annex B
 * octal escapes and back references to missing groups, {@code \c} without a letter inside a
 * class, {@code \b} next to non-ASCII letters) are not translated.
 *
 * <p>Matching runs on a {@link BudgetedText}, so a pattern from a config that
 * backtracks catastrophically fails the one evaluation with an {@link EvaluationException}
 * instead of hanging the job.
 */
final class Regexes {
  /** Character reads one match may make before it is abandoned. */
  static final long BUDGET = 20_000_000L;

  private static final String JS_SPACE =
      "\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";

  private Regexes() {}

  /** Compiles a filter value for {@code semantics}; throws PatternSyntaxException if invalid. */
  static Pattern compile(String regex, Semantics semantics) {
    return Pattern.compile(semantics == Semantics.KOTLIN ? regex : translateJs(regex));
  }

  static boolean matches(Pattern pattern, String input, Semantics semantics) {
    Matcher m = pattern.matcher(
        new BudgetedText(semantics == Semantics.KOTLIN ? input : mapSurrogates(input), BUDGET));
    try {
      return semantics == Semantics.KOTLIN ? m.matches() : m.find();
    } catch (BudgetedText.Exhausted e) {
      throw new EvaluationException(
          "regex /" + pattern.pattern() + "/ exceeded its budget of " + BUDGET
              + " steps on a value of length " + input.length());
    } catch (StackOverflowError e) {
      throw new EvaluationException(
          "regex /" + pattern.pattern() + "/ overflowed the stack on a value of length "
              + input.length());
    }
  }

  /** Where surrogate code unit {@code u} goes: one code point of Supplementary PUA-A. */
  private static int mapped(int u) {
    return MAPPED_SURROGATES + (u - Character.MIN_SURROGATE);
  }

  private static final int MAPPED_SURROGATES = 0xF0000;

  /**
   * The subject as the translated pattern sees it: every UTF-16 surrogate unit replaced by its
   * own code point (see {@link #mapped}), so that Java, which matches code points, matches one
   * unit where ECMAScript without the u flag does. No collision is possible: a code point of
   * the target range in the input is itself two surrogates, which are mapped too.
   */
  static String mapSurrogates(String s) {
    int first = -1;
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    out.append(s, 0, first);
    for (int i = first; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        out.appendCodePoint(mapped(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static String translateJs(String js) {
    StringBuilder out = new StringBuilder(js.length() + 16);
    int n = js.length();
    int i = 0;
    while (i < n) {
      char c = js.charAt(i);
      if (c == '\\' && i + 1 < n) {
        char e = js.charAt(i + 1);
        if (e == 's') {
          out.append('[').append(JS_SPACE).append(']');
        } else if (e == 'S') {
          out.append("[^").append(JS_SPACE).append(']');
        } else if (e == 'v') {
          out.append("\\x0B"); // Java's \v is any vertical white space
        } else if (e == '0' && (i + 2 >= n || !Character.isDigit(js.charAt(i + 2)))) {
          out.append("\\x00");
        } else if (e == 'u' && hex(js, i + 2, 4) >= 0) {
          appendUnit(hex(js, i + 2, 4), out);
          i += 6;
          continue;
        } else if (Character.isSurrogate(e)) {
          appendUnit(e, out); // an identity escape of one half of a pair
        } else if (e == 'c' && !(i + 2 < n && Character.isLetter(js.charAt(i + 2))
            && js.charAt(i + 2) < 128)) {
          out.append("\\\\c"); // Annex B: a backslash and a c
        } else if (isIdentityEscape(js, i + 1)) {
          appendUnit(e, out); // Annex B: \q, \e, \x without hex digits... are the letter itself
        } else {
          out.append('\\').append(e);
        }
        i += 2;
      } else if (c == '[') {
        if (js.startsWith("[^]", i)) {
          out.append("[\\s\\S]");
          i += 3;
        } else if (js.startsWith("[]", i)) {
          out.append("(?!)");
          i += 2;
        } else {
          i = translateClass(js, i, out);
        }
      } else if (c == '.') {
        out.append("[^\\n\\r\\u2028\\u2029]");
        i++;
      } else if (c == '$') {
        out.append("(?![\\s\\S])");
        i++;
      } else if (c == '{' && !startsQuantifier(js, i)) {
        out.append("\\{");
        i++;
      } else if (Character.isSurrogate(c)) {
        appendUnit(c, out);
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * One character class starting at {@code js[open] == '['}; returns the index after its
   * {@code ]}. Atoms with a value are written as {@code \x{...}}, so that nothing in them means
   * something else to Java ({@code [}, {@code &&}, a leading {@code ]}); a range that crosses the
   * surrogate block is split around it, its surrogate part mapped like the subject.
   */
  private static int translateClass(String js, int open, StringBuilder out) {
    int n = js.length();
    int i = open + 1;
    out.append('[');
    if (i < n && js.charAt(i) == '^') {
      out.append('^');
      i++;
    }
    int[] atom = new int[2]; // value (or -1 for a class escape such as \d), next index
    while (i < n && js.charAt(i) != ']') {
      String text = classAtom(js, i, atom);
      int low = atom[0];
      i = atom[1];
      if (low >= 0 && i + 1 < n && js.charAt(i) == '-' && js.charAt(i + 1) != ']') {
        String highText = classAtom(js, i + 1, atom);
        int high = atom[0];
        if (high >= 0) {
          if (low <= high) {
            appendRange(low, high, out);
          } else { // out of order: a SyntaxError in JS, so an illegal range for Java too
            appendUnit(low, out);
            out.append('-');
            appendUnit(high, out);
          }
          i = atom[1];
          continue;
        }
        // Annex B: a class escape as a range end makes the '-' a literal
        appendUnit(low, out);
        out.append("\\-").append(highText);
        i = atom[1];
        continue;
      }
      if (low >= 0) {
        appendUnit(low, out);
      } else {
        out.append(text);
      }
    }
    if (i < n) {
      out.append(']');
      i++;
    }
    return i;
  }

  /**
   * Reads one class atom at {@code js[i]}: sets {@code atom[0]} to its code unit value, or -1
   * for a class escape ({@code \d \D \w \W \s \S}) or an escape left to Java, and
   * {@code atom[1]} to the index after it; returns the Java text for the escapes.
   */
  private static String classAtom(String js, int i, int[] atom) {
    char c = js.charAt(i);
    if (c != '\\' || i + 1 >= js.length()) {
      atom[0] = c;
      atom[1] = i + 1;
      return null;
    }
    char e = js.charAt(i + 1);
    atom[1] = i + 2;
    int value;
    switch (e) {
      case 'd', 'D', 'w', 'W', 'S' -> {
        atom[0] = -1;
        return "\\" + e;
      }
      case 's' -> {
        atom[0] = -1;
        return JS_SPACE;
      }
      case 'b' -> value = '\b';
      case 't' -> value = '\t';
      case 'n' -> value = '\n';
      case 'v' -> value = 0x0B;
      case 'f' -> value = '\f';
      case 'r' -> value = '\r';
      case '0' -> {
        if (i + 2 < js.length() && Character.isDigit(js.charAt(i + 2))) {
          atom[0] = -1; // an Annex B octal escape: not translated
          return "\\" + e;
        }
        value = 0;
      }
      case 'u' -> {
        value = hex(js, i + 2, 4);
        if (value < 0) {
          value = 'u'; // Annex B: an identity escape
        } else {
          atom[1] = i + 6;
        }
      }
      case 'x' -> {
        value = hex(js, i + 2, 2);
        if (value < 0) {
          value = 'x';
        } else {
          atom[1] = i + 4;
        }
      }
      case 'c' -> {
        char letter = i + 2 < js.length() ? js.charAt(i + 2) : 0;
        if (!(letter >= 'a' && letter <= 'z' || letter >= 'A' && letter <= 'Z')) {
          atom[0] = -1;
          return "\\c";
        }
        value = letter % 32;
        atom[1] = i + 3;
      }
      default -> {
        if (Character.isDigit(e)) {
          atom[0] = -1; // \1 and friends (Annex B octal): left to Java, as before
          return "\\" + e;
        }
        value = e; // an identity escape: \] \- \\ \[ \^ \/, and letters such as \k \p \e
      }
    }
    atom[0] = value;
    return null;
  }

  /**
   * Whether the escape whose letter is at {@code js[at]} (outside a class) is an Annex B identity
   * escape, i.e. stands for the letter itself: every ASCII letter without a meaning of its own
   * in a pattern without the u flag, {@code \x} and the u escape without their hex digits, and
   * {@code \k} when the pattern has no named group.
   */
  private static boolean isIdentityEscape(String js, int at) {
    char e = js.charAt(at);
    if (!(e >= 'a' && e <= 'z' || e >= 'A' && e <= 'Z')) {
      return false;
    }
    return switch (e) {
      case 'b', 'B', 'd', 'D', 'w', 'W', 's', 'S', 't', 'n', 'v', 'f', 'r', 'c' -> false;
      case 'x' -> hex(js, at + 1, 2) < 0;
      case 'u' -> hex(js, at + 1, 4) < 0;
      case 'k' -> !js.replace("(?<=", "").replace("(?<!", "").contains("(?<");
      default -> true;
    };
  }

  /** {@code [low-high]} of code units, the surrogate part mapped like the subject. */
  private static void appendRange(int low, int high, StringBuilder out) {
    int surrogateLow = Character.MIN_SURROGATE;
    int surrogateHigh = Character.MAX_SURROGATE;
    if (low < surrogateLow) {
      appendRangePart(low, Math.min(high, surrogateLow - 1), out);
    }
    if (high >= surrogateLow && low <= surrogateHigh) {
      appendRangePart(
          mapped(Math.max(low, surrogateLow)), mapped(Math.min(high, surrogateHigh)), out);
    }
    if (high > surrogateHigh) {
      appendRangePart(Math.max(low, surrogateHigh + 1), high, out);
    }
  }

  private static void appendRangePart(int low, int high, StringBuilder out) {
    appendCodePoint(low, out);
    if (high > low) {
      out.append('-');
      appendCodePoint(high, out);
    }
  }

  /** One UTF-16 code unit as Java regex text, a surrogate mapped like the subject. */
  private static void appendUnit(int unit, StringBuilder out) {
    appendCodePoint(Character.isSurrogate((char) unit) ? mapped(unit) : unit, out);
  }

  private static void appendCodePoint(int codePoint, StringBuilder out) {
    out.append("\\x{").append(Integer.toHexString(codePoint)).append('}');
  }

  /** The value of {@code digits} hex digits at {@code s[from]}, or -1. */
  private static int hex(String s, int from, int digits) {
    if (from + digits > s.length()) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < from + digits; i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0 || s.charAt(i) > 'f') {
        return -1;
      }
      value = value * 16 + d;
    }
    return value;
  }

  private static boolean startsQuantifier(String s, int open) {
    int i = open + 1;
    int digits = 0;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (digits == 0) {
      return false;
    }
    if (i < s.length() && s.charAt(i) == ',') {
      i++;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
    }
    return i < s.length() && s.charAt(i) == '}';
  }

  /** Whether {@code regex} compiles in {@code semantics}; null if it does, else the reason. */
  static String syntaxError(String regex, Semantics semantics) {
    try {
      compile(regex, semantics);
      return null;
    } catch (PatternSyntaxException e) {
      return e.getDescription();
    }
  }
}
