package io.expaudit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.expaudit.cli.Main;
import io.expaudit.config.FlagConfigParser;
import io.expaudit.eval.FlagEvaluator;
import io.expaudit.eval.Semantics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sample-ratio mismatch on worlds with one injected fault each (issue 4): 4,000 users of a 50/50
 * flag, a quarter on Android. An assignment-side fault (an SDK logging treatment for Android
 * users who should be in control) must break the split at the assigned stage with cause
 * ASSIGNMENT_SIDE; a capture-side fault (three in four of Android's treatment users never reach the logs)
 * must break it at the first stage with cause CAPTURE_SIDE. Either way the drill-down ranks the
 * Android slice first, and a clean world flags nothing.
 */
class SrmLocalizationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FLAG = """
      {"key": "exp", "metadata": {"flagVersion": 1, "flagType": "experiment"},
       "variants": {"off": {"key": "off", "metadata": {"default": true}},
                    "control": {"key": "control"}, "treatment": {"key": "treatment"}},
       "segments": [{"metadata": {"segmentName": "All Other Users"},
         "bucket": {"selector": ["context", "user", "user_id"], "salt": "AbC12345",
           "allocations": [{"range": [0, 100], "distributions": [
             {"variant": "control", "range": [0, 21474837]}, {"variant": "treatment", "range": [21474837, 42949673]}]}]},
         "variant": "off"}]}
      """;
  private static final FlagEvaluator ENGINE =
      FlagEvaluator.compile(FlagConfigParser.parse("[" + FLAG + "]", "flag"), Semantics.KOTLIN);

  private enum Fault { NONE, ASSIGNMENT_SIDE, CAPTURE_SIDE }

  @TempDir Path dir;

  @BeforeAll
  static void session() {
    SparkTestSession.get();
  }

  private JsonNode audit(Fault fault, String... extra) throws Exception {
    Path world = dir.resolve(fault.name());
    Path flags = Files.createDirectories(world.resolve("flags"));
    Files.writeString(flags.resolve("flags-2026-11-16T00-00-00Z.json"), "[" + FLAG + "]");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      String user = "user-" + i;
      String platform = i % 4 == 0 ? "Android" : "iOS";
      String expected = ENGINE.evaluate(Map.of("user", Map.of("user_id", user, "platform", platform)))
          .results().get("exp").variantKey();
      boolean android = platform.equals("Android");
      if (fault == Fault.CAPTURE_SIDE && android && expected.equals("treatment") && (i / 4) % 4 != 0) {
        continue; // this unit's events never reach the export
      }
      String logged = fault == Fault.ASSIGNMENT_SIDE && android && expected.equals("control") ? "treatment" : expected;
      String common = "\"user_id\": \"%s\", \"platform\": \"%s\", \"amplitude_id\": %d".formatted(user, platform, 1000 + i);
      lines.add(("{\"event_type\": \"[Experiment] Assignment\", \"event_time\": \"2026-11-16 10:00:00\", %s,"
          + " \"$insert_id\": \"a%d\", \"event_properties\": {\"exp.variant\": \"%s\", \"exp.details\": \"v1 rule:All Other Users\"}}")
          .formatted(common, i, logged));
      lines.add(("{\"event_type\": \"page_view\", \"event_time\": \"2026-11-16 10:05:00\", %s, \"$insert_id\": \"p%d\","
          + " \"user_properties\": {\"[Experiment] exp\": \"%s\"}}").formatted(common, i, logged));
    }
    Path events = Files.createDirectories(world.resolve("events"));
    Files.write(events.resolve("events.json"), lines);
    Path out = world.resolve("out");
    StringWriter err = new StringWriter();
    List<String> args = new ArrayList<>(List.of("audit", "--flags", flags.toString(), "--events",
        events.toString(), "--out", out.toString(), "--format", "json"));
    args.addAll(List.of(extra));
    int exit = Main.run(args.toArray(new String[0]), new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertThat(exit).as(err.toString()).isIn(0, 1);
    return JSON.readTree(out.resolve("summary.json").toFile()).at("/flags/exp/srm");
  }

  @Test
  void anAssignmentSideFaultBreaksTheAssignedStageAndTheDrillDownPointsAtItsSlice() throws Exception {
    JsonNode srm = audit(Fault.ASSIGNMENT_SIDE);
    assertThat(srm.get("flagged").asBoolean()).as(srm.toPrettyString()).isTrue();
    assertThat(srm.get("first_broken_stage").asText()).isEqualTo("assigned");
    assertThat(srm.get("cause").asText()).isEqualTo("ASSIGNMENT_SIDE");
    JsonNode first = srm.at("/drill_down/slices/0");
    assertThat(first.get("dimension").asText() + "=" + first.get("value").asText()).isEqualTo("platform=Android");
  }

  @Test
  void aCaptureSideFaultBreaksTheFirstStageAndTheDrillDownPointsAtItsSlice() throws Exception {
    JsonNode srm = audit(Fault.CAPTURE_SIDE);
    assertThat(srm.get("flagged").asBoolean()).as(srm.toPrettyString()).isTrue();
    assertThat(srm.get("first_broken_stage").asText()).isEqualTo("recomputed");
    assertThat(srm.get("cause").asText()).isEqualTo("CAPTURE_SIDE");
    JsonNode first = srm.at("/drill_down/slices/0");
    assertThat(first.get("dimension").asText() + "=" + first.get("value").asText()).isEqualTo("platform=Android");
  }

  @Test
  void theStateFolderCountsOneLookPerWindowEndAndARerunReplacesIt() throws Exception {
    String state = dir.resolve("state").toString();
    assertThat(audit(Fault.NONE, "--state", state, "--to", "2026-11-17").get("looks").asInt()).isEqualTo(1);
    assertThat(audit(Fault.NONE, "--state", state, "--to", "2026-11-17").get("looks").asInt()).isEqualTo(1);
    assertThat(audit(Fault.NONE, "--state", state, "--to", "2026-11-18").get("looks").asInt()).isEqualTo(2);
    assertThat(audit(Fault.NONE).get("looks").asInt()).as("without --state every run is a first look").isEqualTo(1);
  }

  @Test
  void aCleanWorldIsNotFlagged() throws Exception {
    JsonNode srm = audit(Fault.NONE);
    assertThat(srm.get("flagged").asBoolean()).isFalse();
    assertThat(srm.get("p_value").asDouble()).isGreaterThan(0.001);
  }
}
