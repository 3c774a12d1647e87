package io.expaudit.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.model.AuditEvent;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The single-pass streaming reader against the two-pass tree reader it replaced
 * ({@link TreeEventParser}): on every line of the committed sample world, on hand-written corner
 * cases and on randomly damaged copies of sample lines, both accept or both reject, and accepted
 * lines give equal events with the same key order in every map.
 */
class StreamingParserAgreementTest {
  private final ExportEventParser streaming = new ExportEventParser();
  private final TreeEventParser tree = new TreeEventParser();

  @Test
  void agreesOnEveryLineOfTheSampleWorld() throws IOException {
    List<String> lines = sampleLines();
    assertThat(lines.size()).isGreaterThan(3_000);
    int rejected = 0;
    for (String line : lines) {
      rejected += compare(line) ? 0 : 1;
    }
    assertThat(rejected).as("the sample's malformed lines").isPositive();
  }

  @Test
  void agreesOnCornerCases() {
    String base = "\"event_time\": \"2026-11-16 10:00:00\", \"user_id\": \"u\"";
    for (String line : List.of(
        "{" + base + ", \"amplitude_id\": 12345678901234567890}",
        "{" + base + ", \"amplitude_id\": -0, \"device_id\": 1.5e3}",
        "{" + base + ", \"device_id\": true, \"country\": {\"a\": 1}, \"city\": [1]}",
        "{" + base + ", \"user_properties\": {\"n\": 1, \"l\": 3000000000, \"big\": 99999999999999999999,"
            + " \"d\": 1.25, \"e\": 1e2, \"list\": [1, \"a\", null, [true]], \"o\": {\"x\": {}}, \"z\": null}}",
        "{" + base + ", \"user_properties\": {\"[Experiment] a\": 1, \"[Experiment] b\": {\"v\": 1},"
            + " \"[Experiment] c\": true, \"[Experiment] d\": \"\"}}",
        "{" + base + ", \"user_properties\": {\"p\": 1, \"p\": 2, \"q\": 3}, \"user_id\": \"second\"}",
        "{" + base + ", \"user_properties\": [1, 2], \"event_properties\": \"x\"}",
        "{" + base + ", \"user_properties\": {\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4, \"e\": 5,"
            + " \"f\": 6, \"g\": 7, \"h\": 8, \"i\": 9, \"c\": \"again\", \"j\": 10, \"a\": null,"
            + " \"[Experiment] x\": \"on\", \"[Experiment] y\": \"\", \"[Experiment] x\": null}}",
        "{" + base + ", \"country\": \"Zürich ✓\", \"user_properties\": {\"名前\": \"値 \\u00e9\","
            + " \"[Experiment] ü\": \"vä\"}}",
        "{" + base + ", \"device_id\": \"u\", \"user_properties\": {\"same\": \"u\", \"list\": [\"u\"]}}",
        "{" + base + ", \"user_id\": \"\", \"device_id\": \"d\", \"platform\": \"\", \"region\": null}",
        "{" + base + ", \"user_properties\": {\"p\": 1}, \"user_properties\": {\"q\": 2}}",
        "{" + base + ", \"user_properties\": {\"p\": 1}, \"user_properties\": null}",
        "{" + base + ", \"$insert_id\": \"\", \"insert_id\": \"plain\"}",
        "{" + base + ", \"$insert_id\": null, \"insert_id\": \"plain\"}",
        "{" + base + ", \"insert_id\": \"plain\", \"$insert_id\": 7}",
        "{" + base + ", \"event_type\": \"[Experiment] Assignment\", \"event_properties\":"
            + " {\"a.variant\": \"on\", \"[Experiment] a.details\": \"v2 rule:All\", \"b.variant\": 3,"
            + " \"b.details\": null, \"[Experiment] c.variant\": {\"x\": 1}, \"c.details\": \"vnull rule:null\"}}",
        "{" + base + ", \"event_type\": \"$exposure\", \"event_properties\": {\"flag_key\": \"f\"}}",
        "{" + base + ", \"event_type\": \"[Experiment] Exposure\", \"event_properties\":"
            + " {\"[Experiment] Flag Key\": \"f\", \"[Experiment] Variant\": null}}",
        "{" + base + ", \"groups\": {\"org\": [\"acme\", \"b\"], \"team\": \"t1\", \"none\": [], \"n\": 5},"
            + " \"group_properties\": {\"org\": {\"acme\": {\"tier\": \"gold\"}}, \"team\": {\"size\": 3},"
            + " \"n\": {\"5\": {\"k\": 1}}}}",
        "{" + base + ", \"groups\": {\"org\": [\"acme\"]}, \"group_properties\": [1]}",
        "{\"event_time\": 1794823200123, \"device_id\": \"d\"}",
        "{\"event_time\": \"2026-11-16T10:00:00+01:00\", \"device_id\": \"d\"}",
        "{\"event_time\": \"2026-11-16T10:00:00Z\", \"device_id\": \"d\"}",
        "{\"event_time\": null, \"device_id\": \"d\"}",
        "{\"event_time\": \"\", \"device_id\": \"d\"}",
        "{\"event_time\": \" 2026-11-16 10:00:00.5 \", \"device_id\": \"d\"}",
        "{\"event_time\": \"2026-11-16 10:00:00.123456789\", \"device_id\": \"d\"}",
        "{\"event_time\": \"2026-13-16 10:00:00\", \"device_id\": \"d\"}",
        "{\"event_time\": \"2026-11-16 10:00:00\", \"user_id\": \"\", \"device_id\": null}",
        "[1, 2]", "\"text\"", "{}", "{\"a\": 1,}", "{\"a\": 1} {\"b\": 2}", "{" + base + "}  ")) {
      compare(line);
    }
  }

  @Test
  void agreesOnDamagedCopiesOfSampleLines() throws IOException {
    List<String> lines = sampleLines();
    Random random = new Random(20261125);
    int accepted = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder line = new StringBuilder(lines.get(random.nextInt(lines.size())));
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(line.length());
        switch (random.nextInt(3)) {
          case 0 -> line.deleteCharAt(at);
          case 1 -> line.insert(at, "{}[]\",:0n\\ ".charAt(random.nextInt(11)));
          default -> line.setCharAt(at, (char) (' ' + random.nextInt(95)));
        }
      }
      accepted += compare(line.toString()) ? 1 : 0;
    }
    // damage inside string values keeps many lines readable: both outcomes are exercised
    assertThat(accepted).isBetween(1_000, 19_000);
  }

  /** Asserts agreement on one line; true when the line was accepted. */
  private boolean compare(String line) {
    ExportEventParser.Parsed actual = streaming.parseLine(line, "f:1");
    String expectedRejection = referenceRejection(line);
    if (expectedRejection != null) {
      assertThat(actual.rejection()).as("rejects %s", line).isNotNull();
      if (!expectedRejection.startsWith("not valid JSON") && !expectedRejection.contains("event_time")) {
        assertThat(actual.rejection()).as(line).isEqualTo(expectedRejection);
      }
      return false;
    }
    assertThat(actual.rejection()).as("accepts %s", line).isNull();
    AuditEvent expected = tree.parseLine(line, "f:1").event();
    assertThat(actual.event()).as(line).isEqualTo(expected);
    // equal maps may still differ in order, which a selector over a whole object would see
    assertThat(actual.event().toString()).as(line).isEqualTo(expected.toString());
    return true;
  }

  /** What the two-pass reader did: the peek's rejection first, then the full read's. */
  private String referenceRejection(String line) {
    TreeEventParser.Peek peek = tree.peek(line);
    if (peek.rejection() != null) {
      return peek.rejection();
    }
    return tree.parseLine(line, "f:1").rejection();
  }

  private static List<String> sampleLines() throws IOException {
    return SampleLines.all();
  }
}
