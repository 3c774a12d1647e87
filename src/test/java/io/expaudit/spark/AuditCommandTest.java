package io.expaudit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.expaudit.cli.CliRun;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit command end to end on a small hand-made world, in the shared local session. */
class AuditCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FLAG = """
      {"key": "exp", "metadata": {"flagVersion": 1},
       "variants": {"off": {"key": "off", "metadata": {"default": true}},
                    "control": {"key": "control"}, "treatment": {"key": "treatment"}},
       "segments": [{"metadata": {"segmentName": "All Other Users"},
         "bucket": {"selector": ["context", "user", "user_id"], "salt": "AbC12345",
           "allocations": [{"range": [0, 100], "distributions": [
             {"variant": "control", "range": [0, 21474837]}, {"variant": "treatment", "range": [21474836, 42949673]}]}]},
         "variant": "off"}]}
      """;

  @TempDir Path dir;

  @BeforeAll
  static void session() {
    SparkTestSession.get();
  }

  private static CliRun audit(String... args) {
    return CliRun.of("audit", args);
  }

  /** AbC12345/user-0 hashes to distribution bucket 33566861: treatment; user-8 to 1523979: control. */
  private static String assignment(String time, String user, long amplitudeId, String variant, String insertId) {
    return "{\"event_type\": \"[Experiment] Assignment\", \"event_time\": \"" + time + "\", \"user_id\": \""
        + user + "\", \"device_id\": \"d-" + user + "\", \"amplitude_id\": " + amplitudeId
        + ", \"$insert_id\": \"" + insertId + "\", \"user_properties\": {\"[Experiment] exp\": \"" + variant
        + "\"}, \"event_properties\": {\"exp.variant\": \"" + variant + "\", \"exp.details\": \"v1 rule:All Other Users\"}}";
  }

  private Path world(boolean truncate) throws IOException {
    Path flags = Files.createDirectories(dir.resolve("flags"));
    Files.writeString(flags.resolve("flags-2026-11-16T00-00-00Z.json"), "[" + FLAG + "]");
    Path events = Files.createDirectories(dir.resolve("events"));
    List<String> lines = new ArrayList<>();
    lines.add(assignment("2026-11-16 10:00:00.000000", "user-0", 1, "treatment", "a"));
    lines.add(assignment("2026-11-16 10:00:00.000000", "user-8", 2, "treatment", "b")); // SDK flip
    lines.add("{not json");
    lines.add("{\"event_type\": \"page_view\", \"user_id\": \"user-0\"}");
    lines.add(assignment("2026-11-16 10:00:00.000000", "user-0", 1, "treatment", "a")); // duplicate
    byte[] gz = gzip(String.join("\n", lines) + "\n");
    Files.write(events.resolve("100_2026-11-16_10#0.json.gz"), gz);
    if (truncate) {
      byte[] whole = gzip(assignment("2026-11-16 11:00:00.000000", "user-0", 1, "treatment", "c") + "\n"
          + assignment("2026-11-16 11:00:01.000000", "user-0", 1, "treatment", "d") + "\n");
      Files.write(events.resolve("100_2026-11-16_11#0.json.gz"), java.util.Arrays.copyOf(whole, whole.length - 12));
    }
    return dir;
  }

  /** The unit-level rows of findings/, without the config lints' flag-level ones. */
  private static List<JsonNode> unitFindings(Path out) throws IOException {
    return OutputFiles.jsonLines(out.resolve("findings")).stream().filter(f -> f.has("unit_id")).toList();
  }

  private static byte[] gzip(String text) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  @Test
  void findsTheFlippedUnitQuarantinesBadLinesAndCountsDuplicates() throws Exception {
    world(false);
    Path out = dir.resolve("out");
    CliRun run = audit("--flags", dir.resolve("flags").toString(), "--events", dir.resolve("events").toString(),
        "--out", out.toString(), "--format", "json");
    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).contains("summary in " + out);
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.at("/input/rows_read").asLong()).isEqualTo(5);
    assertThat(summary.at("/input/rows_quarantined").asLong()).isEqualTo(2);
    assertThat(summary.at("/input/duplicates_dropped").asLong()).isEqualTo(1);
    assertThat(summary.at("/flags/exp/units").asLong()).isEqualTo(2);
    assertThat(summary.at("/flags/exp/agreement/rate").asDouble()).isEqualTo(0.5);
    assertThat(summary.at("/flags/exp/expected/control").asLong()).isEqualTo(1);
    assertThat(summary.at("/flags/exp/observed/treatment").asLong()).isEqualTo(2);
    assertThat(summary.at("/flags/exp/findings/ASSIGNMENT_MISMATCH/BUCKET").asLong()).isEqualTo(1);
    // two units are far below the 8-per-variant gate: tested, never flagged
    assertThat(summary.at("/flags/exp/srm/flagged").asBoolean(true)).isFalse();
    assertThat(summary.at("/flags/exp/srm/df").isMissingNode()).isFalse();
    org.jsoup.nodes.Document report = org.jsoup.Jsoup.parse(out.resolve("report.html").toFile(), "UTF-8");
    assertThat(report.select("table#flags > tbody > tr").eachAttr("data-key")).containsExactly("exp");
    assertThat(report.select("table#flags > tbody > tr").attr("data-status")).isEqualTo("broken");
    // the flipped unit is the drill-down's worst user, with its finding
    assertThat(report.select("details.unit > summary code").eachText()).containsExactly("2");
    // with its timeline, which travelled from the unit stage as one row of JSON entries
    assertThat(report.select("details.unit table.timeline tr.bad").text())
        .contains("treatment", "control", "v1");
    List<JsonNode> findings = OutputFiles.jsonLines(out.resolve("findings"));
    // the config lints come with the unit findings, as flag-level rows (no unit columns)
    assertThat(findings).anySatisfy(f -> {
      assertThat(f.get("check").asText()).isEqualTo("NAMING_CONVENTION");
      assertThat(f.has("unit_id")).isFalse();
    });
    assertThat(unitFindings(out)).singleElement().satisfies(f -> {
      assertThat(f.get("unit_id").asText()).isEqualTo("2");
      assertThat(f.get("expected_variant").asText()).isEqualTo("control");
      assertThat(f.get("observed_variant").asText()).isEqualTo("treatment");
    });
    List<JsonNode> quarantine = OutputFiles.jsonLines(out.resolve("quarantine"));
    assertThat(quarantine).extracting(q -> q.get("line").asLong()).containsExactly(3L, 4L);
    assertThat(quarantine.get(1).get("reason").asText()).isEqualTo("missing event_time");
    assertThat(quarantine.get(0).get("source").asText()).endsWith("100_2026-11-16_10#0.json.gz");

    assertThat(run.err()).contains("read 5 rows: 2 quarantined, 1 duplicates dropped",
        "audited 2 unit-flag pairs over 1 flags");

    Path again = dir.resolve("again");
    CliRun quiet = audit("--flags", dir.resolve("flags").toString(), "--events", dir.resolve("events").toString(),
        "--out", again.toString(), "--format", "json", "--quiet");
    assertThat(quiet.exit()).isEqualTo(1);
    assertThat(quiet.err()).isEmpty();
    assertThat(OutputFiles.jsonLines(again.resolve("findings"))).isEqualTo(findings);
  }

  @Test
  void aTruncatedGzipQuarantinesItsTailAndKeepsWhatWasRead() throws Exception {
    world(true);
    Path out = dir.resolve("out");
    CliRun run = audit("--flags", dir.resolve("flags").toString(), "--events", dir.resolve("events").toString(),
        "--out", out.toString(), "--format", "json", "--fail-on", "WARN");
    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    List<JsonNode> quarantine = OutputFiles.jsonLines(out.resolve("quarantine"));
    assertThat(quarantine).anySatisfy(q -> {
      assertThat(q.get("source").asText()).endsWith("100_2026-11-16_11#0.json.gz");
      assertThat(q.get("reason").asText()).contains("truncated or corrupt");
    });
  }

  @Test
  void badInputExitsTwoWithAClearMessageAndWritesNothing() throws Exception {
    world(false);
    Path out = dir.resolve("out");
    Path notJson = Files.writeString(dir.resolve("broken-2026-11-16T00-00-00Z.json"), "[{\"key\": ");
    CliRun flags = audit("--flags", notJson.toString(), "--events", dir.resolve("events").toString(), "--out", out.toString());
    assertThat(flags.exit()).isEqualTo(2);
    assertThat(flags.err()).contains("broken-2026-11-16T00-00-00Z.json:1: not valid JSON").doesNotContain("\tat ");

    CliRun missing = audit("--flags", dir.resolve("flags").toString(), "--events", dir.resolve("nowhere").toString(), "--out", out.toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("events path does not exist: " + dir.resolve("nowhere"));

    CliRun empty = audit("--flags", dir.resolve("flags").toString(), "--events", dir.resolve("events").toString(),
        "--out", out.toString(), "--from", "2026-12-01", "--to", "2026-12-02");
    assertThat(empty.exit()).isEqualTo(2);
    assertThat(empty.err()).contains("no valid events in the window", "3 outside the window", "nothing written");

    CliRun window = audit("--flags", dir.resolve("flags").toString(), "--events", dir.resolve("events").toString(),
        "--out", out.toString(), "--from", "2026-12-02", "--to", "2026-12-01");
    assertThat(window.exit()).isEqualTo(2);
    assertThat(out).doesNotExist();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".out"));
    }
  }

  @Test
  void settingsFromConfAndSetChangeTheUnitAndBadSettingsExitTwoBeforeAnyWork() throws Exception {
    world(false);
    Path conf = Files.writeString(dir.resolve("mine.properties"), "unit.precedence = device_id\n");
    Path out = dir.resolve("out");
    CliRun run = audit("--flags", dir.resolve("flags").toString(), "--events", dir.resolve("events").toString(),
        "--out", out.toString(), "--format", "json", "--conf", conf.toString(),
        "--set", "unit.precedence=user_id,amplitude_id");
    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    // --set wins over --conf: units are user ids now, not amplitude ids nor device ids
    assertThat(unitFindings(out))
        .singleElement().satisfies(f -> assertThat(f.get("unit_id").asText()).isEqualTo("user-8"));
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.at("/run/settings/unit.precedence").asText()).isEqualTo("user_id,amplitude_id");

    Path typo = Files.writeString(dir.resolve("typo.properties"), "unit.precedenc = user_id\n");
    Path out2 = dir.resolve("out2");
    CliRun bad = audit("--flags", dir.resolve("flags").toString(), "--events", dir.resolve("events").toString(),
        "--out", out2.toString(), "--conf", typo.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains(typo + ": unknown key 'unit.precedenc'").doesNotContain("\tat ");
    CliRun badValue = audit("--flags", dir.resolve("flags").toString(), "--events", dir.resolve("events").toString(),
        "--out", out2.toString(), "--set", "unit.precedence=email");
    assertThat(badValue.exit()).isEqualTo(2);
    assertThat(badValue.err()).contains("--set: unit.precedence = 'email'");
    assertThat(out2).doesNotExist();
  }

  @Test
  void parquetEventsGiveTheSameSummaryAndFindingsAsTheSameEventsInJsonLines() throws Exception {
    Path json = Files.createDirectories(dir.resolve("json"));
    List<String> lines = new ArrayList<>();
    for (int user = 0; user < 40; user++) {
      String variant = user % 7 == 0 ? "control" : user % 2 == 0 ? "treatment" : "control";
      lines.add(assignment("2026-11-16 10:00:0" + (user % 10) + ".000000", "user-" + user, 100 + user,
          variant, "i" + user));
      lines.add(("{\"event_type\": \"page_view\", \"event_time\": \"2026-11-16 11:00:00\", \"user_id\": \"user-%d\","
          + " \"amplitude_id\": %d, \"platform\": \"iOS\", \"$insert_id\": \"p%d\","
          + " \"user_properties\": {\"plan\": \"pro\", \"[Experiment] exp\": %s}}")
          .formatted(user, 100 + user, user, user % 5 == 0 ? "null" : "\"" + variant + "\""));
    }
    Files.write(json.resolve("events.json"), lines);
    Path parquet = dir.resolve("parquet");
    SparkTestSession.get().read().json(json.toString()).write().parquet(parquet.toString());
    world(false); // for the flags only

    Path fromJson = dir.resolve("from-json");
    Path fromParquet = dir.resolve("from-parquet");
    CliRun a = audit("--flags", dir.resolve("flags").toString(), "--events", json.toString(),
        "--out", fromJson.toString(), "--format", "json");
    CliRun b = audit("--flags", dir.resolve("flags").toString(), "--events", parquet.toString(),
        "--out", fromParquet.toString(), "--format", "json");
    assertThat(a.exit()).as(a.err()).isEqualTo(1);
    assertThat(b.exit()).as(b.err()).isEqualTo(1);
    JsonNode jsonSummary = JSON.readTree(fromJson.resolve("summary.json").toFile());
    JsonNode parquetSummary = JSON.readTree(fromParquet.resolve("summary.json").toFile());
    assertThat(parquetSummary.at("/input/rows_read").asLong()).isEqualTo(80);
    assertThat(parquetSummary.get("flags")).isEqualTo(jsonSummary.get("flags"));
    List<JsonNode> findings = OutputFiles.jsonLines(fromJson.resolve("findings"));
    assertThat(findings).hasSizeGreaterThan(3);
    assertThat(OutputFiles.jsonLines(fromParquet.resolve("findings"))).isEqualTo(findings);
  }

  @Test
  void cohortResultsAreUnverifiableWithoutMembershipAndCheckedWithIt() throws Exception {
    Path flags = Files.createDirectories(dir.resolve("cflags"));
    Files.writeString(flags.resolve("flags-2026-11-16T00-00-00Z.json"), """
        [{"key": "coh", "metadata": {"flagVersion": 2},
          "variants": {"off": {"key": "off", "metadata": {"default": true}}, "on": {"key": "on"}},
          "segments": [{"metadata": {"segmentName": "Beta cohort"},
                        "conditions": [[{"selector": ["context", "user", "cohort_ids"], "op": "set contains any", "values": ["c1"]}]],
                        "variant": "on"},
                       {"metadata": {"segmentName": "All Other Users"}, "variant": "off"}]}]
        """);
    Path events = Files.createDirectories(dir.resolve("cevents"));
    String line = "{\"event_type\": \"[Experiment] Assignment\", \"event_time\": \"2026-11-16 10:00:00\","
        + " \"user_id\": \"%s\", \"$insert_id\": \"%s\", \"user_properties\": {\"[Experiment] coh\": \"on\"},"
        + " \"event_properties\": {\"coh.variant\": \"on\"}}";
    Files.writeString(events.resolve("e.json"), line.formatted("member", "1") + "\n" + line.formatted("outsider", "2") + "\n");
    Path cohorts = Files.writeString(dir.resolve("cohorts.csv"), "cohort_id,user_id\nc1,member\n");

    Path without = dir.resolve("without");
    assertThat(audit("--flags", flags.toString(), "--events", events.toString(), "--out", without.toString(),
        "--format", "json").exit()).isZero();
    JsonNode summary = JSON.readTree(without.resolve("summary.json").toFile());
    assertThat(summary.at("/flags/coh/agreement/unverifiable_units").asLong()).isEqualTo(2);
    assertThat(summary.at("/flags/coh/agreement/verified_units").asLong()).isZero();
    assertThat(unitFindings(without)).isEmpty();

    Path with = dir.resolve("with");
    CliRun run = audit("--flags", flags.toString(), "--events", events.toString(), "--out", with.toString(),
        "--format", "json", "--cohorts", cohorts.toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    assertThat(unitFindings(with)).singleElement().satisfies(f -> {
      assertThat(f.get("unit_id").asText()).isEqualTo("outsider");
      assertThat(f.get("cause").asText()).isEqualTo("EXCLUDED_BUT_ASSIGNED");
    });

    Path bad = Files.writeString(dir.resolve("bad.csv"), "c1;member\n");
    CliRun badRun = audit("--flags", flags.toString(), "--events", events.toString(), "--out",
        dir.resolve("bad-out").toString(), "--cohorts", bad.toString());
    assertThat(badRun.exit()).isEqualTo(2);
    assertThat(badRun.err()).contains("bad.csv:1: expected cohort_id,user_id");
  }
}
