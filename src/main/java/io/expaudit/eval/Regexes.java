package io.expaudit.eval;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Regex conditions (spec §6.8). Kotlin compiles the filter with {@code java.util.regex} and
 * requires a full match; JS compiles an ECMAScript {@code RegExp} and searches. For JS the
 * pattern is translated to {@code java.util.regex} where the dialects differ in ways real
 * patterns use: {@code .} excludes only {@code \n \r \u2028 \u2029}, {@code $} is the end of
 * input, {@code \s} is JS white space, {@code [^]} is any character, {@code []} matches nothing,
 * {@code \0} is NUL and a {@code {} that starts no quantifier is literal. Other ECMAScript
 * corners (Annex B octal escapes, {@code \p} without the u flag) are not translated.
 *
 * <p>Matching runs on a {@link Budget}ed char sequence, so a pattern from a config that
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
    Matcher m = pattern.matcher(new Budget(input));
    try {
      return semantics == Semantics.KOTLIN ? m.matches() : m.find();
    } catch (BudgetExceeded e) {
      throw new EvaluationException(
          "regex /" + pattern.pattern() + "/ exceeded its budget of " + BUDGET
              + " steps on a value of length " + input.length());
    } catch (StackOverflowError e) {
      throw new EvaluationException(
          "regex /" + pattern.pattern() + "/ overflowed the stack on a value of length "
              + input.length());
    }
  }

  static String translateJs(String js) {
    StringBuilder out = new StringBuilder(js.length() + 16);
    boolean inClass = false;
    for (int i = 0; i < js.length(); i++) {
      char c = js.charAt(i);
      if (c == '\\' && i + 1 < js.length()) {
        char e = js.charAt(++i);
        if (e == 's') {
          out.append(inClass ? JS_SPACE : "[" + JS_SPACE + "]");
        } else if (e == 'S' && !inClass) {
          out.append("[^").append(JS_SPACE).append(']');
        } else if (e == '0' && (i + 1 >= js.length() || !Character.isDigit(js.charAt(i + 1)))) {
          out.append("\\x00");
        } else {
          out.append('\\').append(e);
        }
      } else if (inClass) {
        if (c == ']') {
          inClass = false;
        } else if (c == '[') {
          out.append('\\'); // a literal [ inside a JS class; Java would start a nested class
        } else if (c == '&' && i + 1 < js.length() && js.charAt(i + 1) == '&') {
          out.append('\\'); // && is an intersection in Java, two ampersands in JS
        }
        out.append(c);
      } else if (c == '[') {
        if (js.startsWith("[^]", i)) {
          out.append("[\\s\\S]");
          i += 2;
        } else if (js.startsWith("[]", i)) {
          out.append("(?!)");
          i += 1;
        } else {
          inClass = true;
          out.append(c);
          if (i + 1 < js.length() && js.charAt(i + 1) == '^') {
            out.append('^');
            i++;
          }
          if (i + 1 < js.length() && js.charAt(i + 1) == ']') {
            out.append("\\]"); // Java reads a leading ] as literal too; keep it unambiguous
            i++;
          }
        }
      } else if (c == '.') {
        out.append("[^\\n\\r\\u2028\\u2029]");
      } else if (c == '$') {
        out.append("(?![\\s\\S])");
      } else if (c == '{' && !startsQuantifier(js, i)) {
        out.append("\\{");
      } else {
        out.append(c);
      }
    }
    return out.toString();
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

  private static final class BudgetExceeded extends RuntimeException {
    BudgetExceeded() {
      super(null, null, false, false);
    }
  }

  /** A char sequence that stops a match after {@link #BUDGET} reads. */
  private static final class Budget implements CharSequence {
    private final String s;
    private final long[] left;

    Budget(String s) {
      this(s, new long[] {BUDGET});
    }

    private Budget(String s, long[] left) {
      this.s = s;
      this.left = left;
    }

    @Override
    public char charAt(int index) {
      if (--left[0] < 0) {
        throw new BudgetExceeded();
      }
      return s.charAt(index);
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Budget(s.substring(start, end), left);
    }

    @Override
    public String toString() {
      return s;
    }
  }
}
