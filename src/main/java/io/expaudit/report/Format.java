package io.expaudit.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Numbers and times as the report prints them: Locale.ROOT, times in UTC. */
final class Format {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** What the report prints for a variant key: the no-variant marker of {@link FlagSummary} in words. */
  static final String NO_VARIANT = "(none)";

  private Format() {}

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A share as a percentage with one decimal, e.g. {@code 95.9 %}; "n/a" for null. */
  static String percent(Double share) {
    return share == null ? "n/a" : String.format(Locale.ROOT, "%.1f %%", share * 100);
  }

  static String pValue(double p) {
    return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
  }

  static String time(Instant t) {
    return t == null ? "" : TIME.format(t);
  }

  static String minute(Instant t) {
    return t == null ? "" : MINUTE.format(t);
  }

  /** A variant key as shown to readers. */
  static String variant(String key) {
    return key == null || key.equals(NO_VARIANT) ? "no variant" : key;
  }
}
