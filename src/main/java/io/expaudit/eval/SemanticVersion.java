package io.expaudit.eval;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final Pattern KOTLIN_PATTERN =
      Pattern.compile(
          "^(0|[0-9]\\d*)\\.(0|[0-9]\\d*)(\\.(0|[0-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
              + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
              + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?)?$");

  static SemanticVersion parse(String version, Semantics semantics) {
    return semantics == Semantics.KOTLIN ? parseKotlin(version) : parseJs(version);
  }

  private static SemanticVersion parseKotlin(String version) {
    Matcher m = KOTLIN_PATTERN.matcher(version);
    if (!m.matches()) {
      return null;
    }
    Integer major = toIntOrNull(m.group(1));
    Integer minor = toIntOrNull(m.group(2));
    if (major == null || minor == null) {
      return null;
    }
    Integer patch = m.group(4) == null ? null : toIntOrNull(m.group(4));
    String pre = m.group(5);
    return new SemanticVersion(
        major, minor, patch == null ? 0 : patch, pre == null || pre.isEmpty() ? null : pre);
  }

  private static Integer toIntOrNull(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The JS pattern, matched by hand: its prerelease part {@code ([-\w]+\.?)*} backtracks
   * exponentially in a regex engine on inputs such as {@code 1.0.0-aaaa...!}; as a language it is
   * "empty, or starts with a word character or hyphen, contains only those and dots, and has no
   * two dots in a row".
   */
  private static SemanticVersion parseJs(String version) {
    if (version.isEmpty()) {
      return null; // !version
    }
    int[] pos = {0};
    String major = digits(version, pos);
    if (major == null || !consume(version, pos, '.')) {
      return null;
    }
    String minor = digits(version, pos);
    if (minor == null) {
      return null;
    }
    double patch = 0;
    String pre = null;
    if (pos[0] < version.length()) {
      if (!consume(version, pos, '.')) {
        return null;
      }
      String p = digits(version, pos);
      if (p == null) {
        return null;
      }
      patch = Double.parseDouble(p);
      if (pos[0] < version.length()) {
        if (version.charAt(pos[0]) != '-') {
          return null;
        }
        String rest = version.substring(pos[0] + 1);
        if (!isJsPreRelease(rest)) {
          return null;
        }
        pre = "-" + rest;
      }
    }
    return new SemanticVersion(Double.parseDouble(major), Double.parseDouble(minor), patch, pre);
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

  private static String digits(String s, int[] pos) {
    int start = pos[0];
    while (pos[0] < s.length() && s.charAt(pos[0]) >= '0' && s.charAt(pos[0]) <= '9') {
      pos[0]++;
    }
    return pos[0] == start ? null : s.substring(start, pos[0]);
  }

  private static boolean consume(String s, int[] pos, char c) {
    if (pos[0] < s.length() && s.charAt(pos[0]) == c) {
      pos[0]++;
      return true;
    }
    return false;
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
