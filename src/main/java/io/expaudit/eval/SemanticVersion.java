package io.expaudit.eval;

import java.io.Serializable;

/**
 * A version for the {@code version ...} operators (spec §6.7), parsed per engine.
 *
 * <p>Kotlin 2.3.0: the semver.org pattern relaxed to allow leading zeros and a missing patch;
 * build metadata accepted and ignored; major and minor must fit an int. JS 0.13.6: the older
 * {@code ^(\d+)\.(\d+)(\.(\d+)(-(([-\w]+\.?)*))?)?$}, numbers as doubles and the prerelease
 * kept with its leading hyphen (the engine takes capture group 5). Both compare major, minor,
 * patch numerically, then a version with a prerelease is lower, then prereleases as plain strings.
 */
record SemanticVersion(double major, double minor, double patch, String preRelease)
    implements Comparable<SemanticVersion>, Serializable {

  static SemanticVersion parse(String version, Semantics semantics) {
    return semantics == Semantics.KOTLIN ? parseKotlin(version) : parseJs(version);
  }

  /**
   * Kotlin 2.3.0's pattern
   * {@code ^(0|[0-9]\\d*)\\.(0|[0-9]\\d*)(\\.(0|[0-9]\\d*)(?:-(prerelease))?(?:\\+(build))?)?$}
   * (semver.org's, relaxed) matched by hand, without a Matcher or substrings: {@code \\d+.\\d+}, then
   * optionally {@code .\\d+}, {@code -prerelease} and {@code +build}; numbers that overflow an
   * int make major/minor invalid and the patch 0, as {@code toIntOrNull} does.
   */
  private static SemanticVersion parseKotlin(String v) {
    int n = v.length();
    int i = 0;
    int s = i;
    while (i < n && isDigit(v.charAt(i))) i++;
    if (i == s) return null;
    long major = digitsValue(v, s, i);
    if (i >= n || v.charAt(i) != '.') return null;
    s = ++i;
    while (i < n && isDigit(v.charAt(i))) i++;
    if (i == s) return null;
    long minor = digitsValue(v, s, i);
    long patch = 0;
    String pre = null;
    if (i < n) {
      if (v.charAt(i) != '.') return null;
      s = ++i;
      while (i < n && isDigit(v.charAt(i))) i++;
      if (i == s) return null;
      patch = digitsValue(v, s, i);
      if (i < n && v.charAt(i) == '-') {
        s = ++i;
        int end = preReleaseEnd(v, i);
        if (end < 0) return null;
        i = end;
        pre = v.substring(s, end);
      }
      if (i < n && v.charAt(i) == '+') {
        i = buildEnd(v, i + 1);
        if (i < 0) return null;
      }
      if (i != n) return null;
    }
    if (major < 0 || minor < 0) return null;
    return new SemanticVersion(major, minor, patch < 0 ? 0 : patch, pre);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdent(char c) {
    return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-';
  }

  /** The int value of v[s, e), or -1 when it does not fit an int. */
  private static long digitsValue(String v, int s, int e) {
    long value = 0;
    for (int i = s; i < e; i++) {
      value = value * 10 + (v.charAt(i) - '0');
      if (value > Integer.MAX_VALUE) return -1;
    }
    return value;
  }

  /** Dot-separated identifiers: 0 | [1-9]\\d* | \\d*[a-zA-Z-][0-9a-zA-Z-]*; end or -1. */
  private static int preReleaseEnd(String v, int i) {
    int n = v.length();
    while (true) {
      int s = i;
      boolean nonDigit = false;
      while (i < n && isIdent(v.charAt(i))) {
        nonDigit |= !isDigit(v.charAt(i));
        i++;
      }
      if (i == s) return -1;
      if (!nonDigit && i - s > 1 && v.charAt(s) == '0') return -1; // numeric with leading zero
      if (i < n && v.charAt(i) == '.') {
        i++;
        continue;
      }
      return i;
    }
  }

  /** Dot-separated [0-9a-zA-Z-]+ to the end; the end or -1. */
  private static int buildEnd(String v, int i) {
    int n = v.length();
    while (true) {
      int s = i;
      while (i < n && isIdent(v.charAt(i))) i++;
      if (i == s) return -1;
      if (i < n && v.charAt(i) == '.') {
        i++;
        continue;
      }
      return i;
    }
  }

  /**
   * The JS pattern, matched by hand: its prerelease part {@code ([-\w]+\.?)*} backtracks
   * exponentially in a regex engine on inputs such as {@code 1.0.0-aaaa...!}; as a language it is
   * "empty, or starts with a word character or hyphen, contains only those and dots, and has no
   * two dots in a row".
   */
  private static SemanticVersion parseJs(String version) {
    int n = version.length();
    if (n == 0) {
      return null; // !version
    }
    int i = 0;
    int s = i;
    while (i < n && isDigit(version.charAt(i))) i++;
    if (i == s || i >= n || version.charAt(i) != '.') {
      return null;
    }
    double major = digitsDouble(version, s, i);
    s = ++i;
    while (i < n && isDigit(version.charAt(i))) i++;
    if (i == s) {
      return null;
    }
    double minor = digitsDouble(version, s, i);
    double patch = 0;
    String pre = null;
    if (i < n) {
      if (version.charAt(i) != '.') {
        return null;
      }
      s = ++i;
      while (i < n && isDigit(version.charAt(i))) i++;
      if (i == s) {
        return null;
      }
      patch = digitsDouble(version, s, i);
      if (i < n) {
        if (version.charAt(i) != '-') {
          return null;
        }
        String rest = version.substring(i + 1);
        if (!isJsPreRelease(rest)) {
          return null;
        }
        pre = "-" + rest;
      }
    }
    return new SemanticVersion(major, minor, patch, pre);
  }

  private static boolean isJsPreRelease(String s) {
    char previous = '.';
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean word = c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z';
      if (!word && !(c == '.' && previous != '.')) {
        return false;
      }
      previous = c;
    }
    return true;
  }

  /** Double.parseDouble of the digits v[s, e) without a substring when they fit 15 digits. */
  private static double digitsDouble(String v, int s, int e) {
    if (e - s > 15) {
      return Double.parseDouble(v.substring(s, e));
    }
    long value = 0;
    for (int i = s; i < e; i++) {
      value = value * 10 + (v.charAt(i) - '0');
    }
    return value;
  }

  @Override
  public int compareTo(SemanticVersion other) {
    if (major != other.major) {
      return major > other.major ? 1 : -1;
    }
    if (minor != other.minor) {
      return minor > other.minor ? 1 : -1;
    }
    if (patch != other.patch) {
      return patch > other.patch ? 1 : -1;
    }
    if (preRelease != null && other.preRelease == null) {
      return -1;
    }
    if (preRelease == null && other.preRelease != null) {
      return 1;
    }
    if (preRelease != null) {
      return Integer.signum(preRelease.compareTo(other.preRelease));
    }
    return 0;
  }
}
