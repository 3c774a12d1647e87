package io.expaudit.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Shares of units written for people: {@code 50 %}, {@code 33.33 %}, {@code <0.01 %}. */
final class Shares {
  private Shares() {}

  static String percent(double share) {
    if (share > 0 && share < 0.00005) {
      return "<0.01 %";
    }
    String text = String.format(Locale.ROOT, "%.2f", share * 100);
    if (text.endsWith(".00")) {
      text = text.substring(0, text.length() - 3);
    }
    return text + " %";
  }

  /** {@code control 50 % / tour 50 %}: each count over {@code total}, in the map's order. */
  static String split(Map<String, Long> counts, long total) {
    List<String> parts = new ArrayList<>();
    counts.forEach((key, count) -> parts.add(key + " " + percent((double) count / total)));
    return String.join(" / ", parts);
  }
}
