package io.expaudit.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.checks.UnitAuditor.UnitResult;
import io.expaudit.config.FlagHistory;
import io.expaudit.config.Snapshot;
import io.expaudit.eval.Semantics;
import io.expaudit.events.ExportEventParser;
import io.expaudit.model.AuditEvent;
import io.expaudit.model.Finding;
import io.expaudit.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The unit checks on small hand-built timelines. The history: {@code exp} (user_id, 50/50 at v1,
 * 10/90 at v2 from day 2), {@code dev} (device_id, 50/50), {@code geo} (a US segment serving
 * {@code us}, everyone else {@code row}) and {@code gone} (deleted on day 3).
 */
class UnitAuditorTest {
  private static final String DAY1 = "2026-11-16T00:00:00Z";
  private static final String DAY2 = "2026-11-17T00:00:00Z";
  private static final String DAY3 = "2026-11-18T00:00:00Z";

  private static String bucketed(String key, int version, String selector, int controlWeight) {
    long split = 42949673L * controlWeight / 100;
    return """
        {"key": "%s", "metadata": {"flagVersion": %d, "flagType": "experiment"},
         "variants": {"off": {"key": "off", "metadata": {"default": true}},
                      "control": {"key": "control"}, "treatment": {"key": "treatment"}},
         "segments": [{"metadata": {"segmentName": "All Other Users"},
           "bucket": {"selector": ["context", "user", "%s"], "salt": "s-%s",
             "allocations": [{"range": [0, 100], "distributions": [
               {"variant": "control", "range": [0, %d]}, {"variant": "treatment", "range": [%d, 42949673]}]}]},
           "variant": "off"}]}
        """.formatted(key, version, selector, key, split, split);
  }

  private static final String GEO = """
      {"key": "geo", "metadata": {"flagVersion": 1},
       "variants": {"off": {"key": "off", "metadata": {"default": true}}, "us": {"key": "us"}, "row": {"key": "row"}},
       "segments": [{"metadata": {"segmentName": "US"},
                     "conditions": [[{"selector": ["context", "user", "country"], "op": "is", "values": ["United States"]}]],
                     "variant": "us"},
                    {"metadata": {"segmentName": "All Other Users"}, "variant": "row"}]}
      """;

  private static Snapshot snapshot(String time, String... flags) {
    return Snapshot.parse("{\"captured_at\": \"" + time + "\", \"flags\": [" + String.join(",", flags) + "]}", time);
  }

  private static final FlagHistory HISTORY = FlagHistory.of(List.of(
      snapshot(DAY1, bucketed("exp", 1, "user_id", 50), bucketed("dev", 1, "device_id", 50), GEO,
          bucketed("gone", 1, "user_id", 50)),
      snapshot(DAY2, bucketed("exp", 2, "user_id", 10), bucketed("dev", 1, "device_id", 50), GEO,
          bucketed("gone", 1, "user_id", 50)),
      snapshot(DAY3, bucketed("exp", 2, "user_id", 10), bucketed("dev", 1, "device_id", 50), GEO)));

  private static final ExpectedAssignments EXPECTED =
      new ExpectedAssignments(HISTORY, Semantics.KOTLIN, false);
  private static final UnitAuditor AUDITOR = new UnitAuditor(EXPECTED, UnitAuditor.defaultChecks());
  private static final ExportEventParser PARSER = new ExportEventParser();

  /** Builds events for one person (amplitude_id 1). */
  private static final class Timeline {
    final List<AuditEvent> events = new ArrayList<>();
    int n;

    Timeline event(String time, String type, String userId, String deviceId, String country,
        String userProperties, String eventProperties) {
      String json = "{\"event_type\": \"" + type + "\", \"event_time\": \"" + time + "\", \"amplitude_id\": 1,"
          + " \"$insert_id\": \"i" + (n++) + "\", \"user_id\": " + quote(userId) + ", \"device_id\": "
          + quote(deviceId) + ", \"country\": " + quote(country) + ", \"user_properties\": {" + userProperties
          + "}, \"event_properties\": {" + eventProperties + "}}";
      events.add(PARSER.parseLine(json, "test").event());
      return this;
    }

    Timeline assign(String time, String user, String flag, String variant, String details) {
      String props = "off".equals(variant) ? "" : "\"[Experiment] " + flag + "\": \"" + variant + "\"";
      return event(time, "[Experiment] Assignment", user, "d1", null, props,
          "\"" + flag + ".variant\": \"" + variant + "\"" + (details == null ? "" : ", \"" + flag + ".details\": \"" + details + "\""));
    }

    Timeline view(String time, String user, String flag, String property) {
      return event(time, "page_view", user, "d1", null,
          property == null ? "" : "\"[Experiment] " + flag + "\": \"" + property + "\"", "");
    }

    UnitResult audit() {
      return AUDITOR.audit("1", events);
    }

    private static String quote(String s) {
      return s == null ? "null" : "\"" + s + "\"";
    }
  }

  /** A user id whose recomputed variant of {@code flag} at {@code time} is {@code variant}. */
  private static String userWith(String flag, String time, String variant, String... excluded) {
    for (int i = 0; ; i++) {
      String id = "u" + i;
      Expectation e = EXPECTED.expect(flag, java.time.Instant.parse(time).toEpochMilli(), null,
          Map.of("user", Map.of("user_id", id, "device_id", "d1")));
      if (variant.equals(e.variant()) && !List.of(excluded).contains(id)) {
        return id;
      }
    }
  }

  private static long at(String time) {
    return java.time.Instant.parse(time).toEpochMilli();
  }

  private static List<String> ids(UnitResult result) {
    return result.findings().stream().map(f -> f.check() + "/" + f.cause()).toList();
  }

  @Test
  void aUnitLoggedAsRecomputedHasNoFindings() {
    String u = userWith("exp", DAY1, "control");
    UnitResult r = new Timeline().assign("2026-11-16 10:00:00", u, "exp", "control", "v1 rule:All Other Users")
        .view("2026-11-16 11:00:00", u, "exp", "control").audit();
    assertThat(r.findings()).isEmpty();
    assertThat(r.timelines()).isEmpty();
    assertThat(r.summaries()).singleElement().satisfies(s -> {
      assertThat(s.agrees()).isTrue();
      assertThat(s.expectedVariant()).isEqualTo("control");
    });
  }

  @Test
  void aUnitWithAFindingCarriesItsTimelineWithAlikeEventsMerged() {
    String u = userWith("exp", DAY1, "control");
    UnitResult r = new Timeline().view("2026-11-16 09:00:00", u, "exp", null)
        .assign("2026-11-16 10:00:00", u, "exp", "treatment", "v1 rule:All Other Users")
        .view("2026-11-16 11:00:00", u, "exp", "treatment").view("2026-11-16 12:00:00", u, "exp", "treatment")
        .view("2026-11-16 13:00:00", u, "exp", "treatment").audit();
    assertThat(r.summaries().get(0).firstSeen()).isEqualTo(at("2026-11-16T10:00:00Z"));
    UnitTimeline t = r.timelines().get(0);
    assertThat(t.flagKey()).isEqualTo("exp");
    assertThat(t.omitted()).isZero();
    assertThat(t.entries()).extracting(UnitTimeline.Entry::eventType, UnitTimeline.Entry::events,
            UnitTimeline.Entry::loggedVariant, UnitTimeline.Entry::property, UnitTimeline.Entry::expectedVariant,
            UnitTimeline.Entry::mismatch)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("page_view", 1, null, null, "control", null),
            org.assertj.core.groups.Tuple.tuple("[Experiment] Assignment", 1, "treatment", "treatment", "control", "BUCKET"),
            org.assertj.core.groups.Tuple.tuple("page_view", 3, null, "treatment", "control", null));
    assertThat(t.entries().get(2).time()).isEqualTo(at("2026-11-16T11:00:00Z"));
    assertThat(t.entries().get(2).lastTime()).isEqualTo(at("2026-11-16T13:00:00Z"));
    assertThat(t.entries().get(1).version()).isEqualTo(1L);
  }

  @Test
  void aLongTimelineKeepsItsFirstEntriesAndCountsTheRest() {
    String u = userWith("exp", DAY1, "control");
    Timeline events = new Timeline();
    for (int i = 0; i < UnitTimeline.MAX_ENTRIES + 5; i++) {
      events.assign(String.format(java.util.Locale.ROOT, "2026-11-16 10:%02d:00", i), u, "exp", "treatment",
          "v1 rule:All Other Users");
    }
    UnitTimeline t = events.audit().timelines().get(0);
    assertThat(t.entries()).hasSize(UnitTimeline.MAX_ENTRIES);
    assertThat(t.omitted()).isEqualTo(5);
  }

  @Test
  void anSdkFlipInTheSameSegmentIsABucketMismatch() {
    String u = userWith("exp", DAY1, "control");
    UnitResult r = new Timeline().assign("2026-11-16 10:00:00", u, "exp", "treatment", "v1 rule:All Other Users").audit();
    assertThat(ids(r)).containsExactly("ASSIGNMENT_MISMATCH/BUCKET");
    Finding f = r.findings().get(0);
    assertThat(f.severity()).isEqualTo(Severity.ERROR);
    assertThat(f.expectedVariant()).isEqualTo("control");
    assertThat(f.observedVariant()).isEqualTo("treatment");
    assertThat(f.flagVersion()).isEqualTo(1L);
    assertThat(f.userId()).isEqualTo(u);
  }

  @Test
  void aReweightThatMovesTheUnitIsAConfigChangeJumpNotAMismatch() {
    // a unit in control under 50/50 and in treatment under 10/90
    String u = null;
    for (int i = 0; u == null; i++) {
      Map<String, Object> context = Map.of("user", Map.of("user_id", "u" + i));
      if ("control".equals(EXPECTED.expect("exp", at(DAY1), null, context).variant())
          && "treatment".equals(EXPECTED.expect("exp", at(DAY2), null, context).variant())) {
        u = "u" + i;
      }
    }
    UnitResult r = new Timeline().assign("2026-11-16 10:00:00", u, "exp", "control", "v1 rule:All Other Users")
        .assign("2026-11-17 10:00:00", u, "exp", "treatment", "v2 rule:All Other Users").audit();
    assertThat(ids(r)).containsExactly("VARIANT_JUMP/CONFIG_CHANGE");
    assertThat(r.findings().get(0).severity()).isEqualTo(Severity.WARN);
  }

  @Test
  void twoDevicesOnADeviceBucketedFlagIsAnIdentityChange() {
    String d1 = null;
    String d2 = null;
    for (int i = 0; d1 == null || d2 == null; i++) {
      String v = EXPECTED.expect("dev", java.time.Instant.parse(DAY1).toEpochMilli(), null,
          Map.of("user", Map.of("device_id", "dev" + i))).variant();
      if (d1 == null && "control".equals(v)) {
        d1 = "dev" + i;
      } else if (d2 == null && "treatment".equals(v)) {
        d2 = "dev" + i;
      }
    }
    Timeline t = new Timeline();
    t.event("2026-11-16 10:00:00", "[Experiment] Assignment", "p", d1, null,
        "\"[Experiment] dev\": \"control\"", "\"dev.variant\": \"control\"");
    t.event("2026-11-16 12:00:00", "[Experiment] Assignment", "p", d2, null,
        "\"[Experiment] dev\": \"treatment\"", "\"dev.variant\": \"treatment\"");
    assertThat(ids(t.audit())).containsExactly("VARIANT_JUMP/IDENTITY_CHANGE");
  }

  @Test
  void aContextThatMovesSegmentsIsATargetingChange() {
    Timeline t = new Timeline();
    t.event("2026-11-16 10:00:00", "[Experiment] Assignment", "p", "d1", "United States",
        "\"[Experiment] geo\": \"us\"", "\"geo.variant\": \"us\"");
    t.event("2026-11-17 10:00:00", "[Experiment] Assignment", "p", "d1", "France",
        "\"[Experiment] geo\": \"row\"", "\"geo.variant\": \"row\"");
    assertThat(ids(t.audit())).containsExactly("VARIANT_JUMP/TARGETING_CHANGE");
  }

  @Test
  void alternatingVariantsWithSameIdsAndConfigAreUnexplained() {
    String u = userWith("exp", DAY1, "control");
    UnitResult r = new Timeline().assign("2026-11-16 10:00:00", u, "exp", "control", null)
        .assign("2026-11-16 11:00:00", u, "exp", "treatment", null).audit();
    assertThat(ids(r)).containsExactlyInAnyOrder("ASSIGNMENT_MISMATCH/BUCKET", "VARIANT_JUMP/UNEXPLAINED");
    assertThat(r.findings()).filteredOn(f -> f.check().equals("VARIANT_JUMP"))
        .singleElement().extracting(Finding::severity).isEqualTo(Severity.ERROR);
  }

  @Test
  void aUnitWithOnlyAnonymousEventsExpectsTheDefaultOfAUserIdFlag() {
    UnitResult off = new Timeline().assign("2026-11-16 10:00:00", null, "exp", "off", "v1 rule:All Other Users").audit();
    assertThat(off.findings()).isEmpty();
    UnitResult assigned = new Timeline().assign("2026-11-16 10:00:00", null, "exp", "treatment", "v1 rule:All Other Users").audit();
    assertThat(ids(assigned)).containsExactly("ASSIGNMENT_MISMATCH/EXCLUDED_BUT_ASSIGNED");
    assertThat(assigned.findings().get(0).detail()).contains("missing_bucketing_value");
  }

  @Test
  void eventsBeforeTheFirstSnapshotAreUnverifiedNotMismatches() {
    String u = userWith("exp", DAY1, "control");
    UnitResult r = new Timeline().assign("2026-11-15 10:00:00", u, "exp", "treatment", null).audit();
    assertThat(r.findings()).isEmpty();
    assertThat(r.summaries().get(0).verified()).isFalse();
  }

  @Test
  void aFlagDeletedMidWindowServesNothingAfterwards() {
    String u = userWith("gone", DAY1, "treatment");
    UnitResult before = new Timeline().assign("2026-11-17 10:00:00", u, "gone", "treatment", null).audit();
    assertThat(before.findings()).isEmpty();
    UnitResult after = new Timeline().assign("2026-11-18 10:00:00", u, "gone", "treatment", null).audit();
    assertThat(ids(after)).containsExactly("ASSIGNMENT_MISMATCH/EXCLUDED_BUT_ASSIGNED");
    assertThat(after.findings().get(0).detail()).contains("no longer served");
  }

  @Test
  void aVersionInNoSnapshotIsReportedAsUnknownNotJudged() {
    String u = userWith("exp", DAY1, "control");
    UnitResult r = new Timeline().assign("2026-11-16 10:00:00", u, "exp", "treatment", "v9 rule:All Other Users").audit();
    assertThat(ids(r)).containsExactly("ASSIGNMENT_MISMATCH/CONFIG_VERSION_UNKNOWN");
    assertThat(r.findings().get(0).severity()).isEqualTo(Severity.WARN);
    assertThat(r.findings().get(0).flagVersion()).isEqualTo(9L);
  }

  @Test
  void nullLeaksAreNamedByHowTheVariantWentMissing() {
    String u = userWith("exp", DAY1, "treatment");
    Timeline t = new Timeline();
    t.event("2026-11-16 09:00:00", "$exposure", u, "d1", null, "\"[Experiment] exp\": \"treatment\"",
        "\"flag_key\": \"exp\", \"variant\": \"treatment\"");
    t.assign("2026-11-16 10:00:00", u, "exp", "treatment", null);
    t.view("2026-11-16 11:00:00", u, "exp", null);
    t.event("2026-11-16 12:00:00", "$exposure", u, "d1", null, "", "\"flag_key\": \"exp\"");
    assertThat(ids(t.audit())).containsExactlyInAnyOrder(
        "NULL_PROPERTY_LEAK/EXPOSURE_BEFORE_ASSIGNMENT",
        "NULL_PROPERTY_LEAK/PROPERTY_UNSET_AFTER_ASSIGNMENT",
        "NULL_PROPERTY_LEAK/EXPOSURE_WITHOUT_VARIANT");
    Timeline exposureOnly = new Timeline();
    exposureOnly.event("2026-11-16 09:00:00", "[Experiment] Exposure", u, "d1", null, "\"[Experiment] exp\": \"treatment\"",
        "\"[Experiment] Flag Key\": \"exp\", \"[Experiment] Variant\": \"treatment\"");
    assertThat(ids(exposureOnly.audit())).containsExactly("NULL_PROPERTY_LEAK/EXPOSURE_WITHOUT_ASSIGNMENT");
  }

  @Test
  void leavingTheExperimentIsNotALeakOrAJump() {
    String u = userWith("exp", DAY1, "treatment");
    UnitResult r = new Timeline().assign("2026-11-16 10:00:00", u, "exp", "treatment", null)
        .view("2026-11-16 11:00:00", u, "exp", "treatment").audit();
    assertThat(r.findings()).isEmpty();
  }

  @Test
  void duplicateInsertIdsAreDroppedAndCounted() {
    String u = userWith("exp", DAY1, "control");
    Timeline t = new Timeline().assign("2026-11-16 10:00:00", u, "exp", "control", null);
    t.events.add(t.events.get(0));
    UnitResult r = t.audit();
    assertThat(r.duplicates()).isEqualTo(1);
    assertThat(r.findings()).isEmpty();
  }
}
