package io.expaudit.eval;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * JavaScript's number conversions, which the JS engine applies before comparing (spec §6.2,
 * §6.6): {@code String(number)} (ECMA-262 Number::toString: shortest round-tripping digits,
 * {@code 1.0} prints {@code "1"}, {@code 1e21} prints {@code "1e+21"}) and {@code Number(string)}
 * (StringToNumber: trims JS white space, {@code ""} is 0, {@code 0x}/{@code 0o}/{@code 0b}
 * prefixes, {@code Infinity}; anything else that is not a decimal literal is NaN).
 */
final class JsNumbers {
  private static final java.util.regex.Pattern DECIMAL =
      java.util.regex.Pattern.compile(
          "[+-]?(?:Infinity|(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)");

  private JsNumbers() {}

  /** {@code String(d)} in JavaScript. */
  static String toString(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (d == 0) {
      return "0"; // -0 prints as 0
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e21 && Math.abs(d) <= 9007199254740992.0) {
      return Long.toString((long) d);
    }
    String sign = d < 0 ? "-" : "";
    BigDecimal shortest = shortest(Math.abs(d));
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    int n = k - shortest.scale(); // value = 0.digits * 10^n
    StringBuilder out = new StringBuilder(sign);
    if (k <= n && n <= 21) {
      out.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      int e = n - 1;
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return out.toString();
  }

  /** The fewest significant digits that read back as {@code d}, the closest such if several. */
  private static BigDecimal shortest(double d) {
    BigDecimal exact = new BigDecimal(d);
    for (int precision = 1; precision <= 17; precision++) {
      BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (rounded.doubleValue() == d) {
        return rounded.stripTrailingZeros();
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }

  /** {@code Number(s)} in JavaScript. */
  static double parse(String s) {
    int n = s.length();
    if (n > 0 && n <= 15) { // plain digits: exact as a long, no regex, no FloatingDecimal
      long v = 0;
      int i = 0;
      while (i < n) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        v = v * 10 + (c - '0');
        i++;
      }
      if (i == n) {
        return v;
      }
    }
    String t = trim(s);
    if (t.isEmpty()) {
      return 0;
    }
    if (t.length() > 2 && t.charAt(0) == '0') {
      char p = t.charAt(1);
      int radix = p == 'x' || p == 'X' ? 16 : p == 'o' || p == 'O' ? 8 : p == 'b' || p == 'B' ? 2 : 0;
      if (radix != 0) {
        String body = t.substring(2);
        for (int i = 0; i < body.length(); i++) {
          if (Character.digit(body.charAt(i), radix) < 0 || body.charAt(i) > 'z') {
            return Double.NaN;
          }
        }
        return new BigInteger(body, radix).doubleValue();
      }
    }
    if (!DECIMAL.matcher(t).matches()) {
      return Double.NaN;
    }
    if (t.endsWith("Infinity")) {
      return t.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.parseDouble(t);
  }

  /** Strips JS WhiteSpace and LineTerminator code units from both ends. */
  static String trim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isJsSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isJsSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  static boolean isJsSpace(char c) {
    switch (c) {
      case '\t', '\n', 0x0b, '\f', '\r', ' ', 0xa0, 0xfeff, 0x2028, 0x2029:
        return true;
      default:
        return Character.getType(c) == Character.SPACE_SEPARATOR;
    }
  }
}
