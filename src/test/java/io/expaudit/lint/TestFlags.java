package io.expaudit.lint;

import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagConfigParser;
import io.expaudit.config.FlagHistory;
import io.expaudit.config.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small evaluation-format flags written as JSON, and histories built from them. */
final class TestFlags {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  private TestFlags() {}

  /** A flag with the given variants plus {@code off} (default), and the segments' JSON. */
  static String flag(String key, String type, long version, List<String> variants, String... segments) {
    StringBuilder json = new StringBuilder();
    json.append("{\"key\": \"").append(key).append("\", \"metadata\": {\"deployed\": ")
        .append(!type.endsWith("-group")).append(", \"flagType\": \"").append(type)
        .append("\", \"flagVersion\": ").append(version).append("}, \"variants\": {");
    for (String v : variants) {
      json.append('"').append(v).append("\": {\"key\": \"").append(v).append("\", \"value\": \"")
          .append(v).append("\"}, ");
    }
    json.append("\"off\": {\"key\": \"off\", \"metadata\": {\"default\": true}}}, \"segments\": [")
        .append(String.join(", ", segments)).append("]}");
    return json.toString();
  }

  /** A segment; null conditions, bucket or variant are left out. */
  static String segment(String name, String conditions, String bucket, String variant) {
    List<String> fields = new ArrayList<>();
    fields.add("\"metadata\": {\"segmentName\": \"" + name + "\"}");
    if (conditions != null) {
      fields.add("\"conditions\": " + conditions);
    }
    if (bucket != null) {
      fields.add("\"bucket\": " + bucket);
    }
    if (variant != null) {
      fields.add("\"variant\": \"" + variant + "\"");
    }
    return "{" + String.join(", ", fields) + "}";
  }

  /** One AND group of one condition on {@code context.user.<field>}. */
  static String where(String field, String op, String... values) {
    return "[[" + condition(field, op, values) + "]]";
  }

  static String condition(String field, String op, String... values) {
    StringBuilder json = new StringBuilder("{\"selector\": [\"context\", \"user\", \"" + field
        + "\"], \"op\": \"" + op + "\", \"values\": [");
    for (int i = 0; i < values.length; i++) {
      json.append(i == 0 ? "" : ", ").append('"').append(values[i]).append('"');
    }
    return json.append("]}").toString();
  }

  /**
   * A bucket on {@code device_id} with one allocation {@code [0, rollout)} and distributions from
   * weights the way Amplitude serves them (spec §3.2): variant i ends at ceil(b_i) and starts at
   * floor(b_{i-1}), b_i = 42949673 * C_i / W.
   */
  static String bucket(String salt, int rollout, Object... variantsAndWeights) {
    return bucketOn("device_id", salt, rollout, variantsAndWeights);
  }

  static String bucketOn(String field, String salt, int rollout, Object... variantsAndWeights) {
    long total = 0;
    for (int i = 1; i < variantsAndWeights.length; i += 2) {
      total += ((Number) variantsAndWeights[i]).longValue();
    }
    List<String> distributions = new ArrayList<>();
    long cumulative = 0;
    double previous = 0;
    for (int i = 0; i < variantsAndWeights.length; i += 2) {
      cumulative += ((Number) variantsAndWeights[i + 1]).longValue();
      double b = 42949673.0 * cumulative / total;
      distributions.add(String.format(Locale.ROOT, "{\"variant\": \"%s\", \"range\": [%d, %d]}",
          variantsAndWeights[i], (long) Math.floor(previous), (long) Math.ceil(b)));
      previous = b;
    }
    return ranges(field, salt, "[{\"range\": [0, " + rollout + "], \"distributions\": ["
        + String.join(", ", distributions) + "]}]");
  }

  /** A bucket with allocations written out. */
  static String ranges(String field, String salt, String allocations) {
    return "{\"selector\": [\"context\", \"user\", \"" + field + "\"], \"salt\": \"" + salt
        + "\", \"allocations\": " + allocations + "}";
  }

  static FlagConfig parse(String flagJson) {
    return FlagConfigParser.parse("[" + flagJson + "]", "test").get(0);
  }

  /** One payload captured at {@link #T0}. */
  static FlagHistory payload(String... flags) {
    return FlagHistory.of(List.of(snapshot(T0, flags)));
  }

  static Snapshot snapshot(Instant capturedAt, String... flags) {
    return new Snapshot(capturedAt,
        FlagConfigParser.parse("[" + String.join(", ", flags) + "]", "test"), "test");
  }

  /** The findings of one lint on a history, with default settings. */
  static List<LintFinding> run(ConfigLint lint, FlagHistory history) {
    return lint.lint(history, LintSettings.defaults());
  }
}
