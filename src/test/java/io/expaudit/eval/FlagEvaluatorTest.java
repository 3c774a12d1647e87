package io.expaudit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagConfigParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluation algorithm of spec §3 and §4 on small, readable flags. */
class FlagEvaluatorTest {
  private static final List<FlagConfig> HANDMADE =
      FlagConfigParser.parse(Fixtures.text("handmade.json"), "handmade.json");

  private static Map<String, Object> user(Object... keyValues) {
    java.util.Map<String, Object> user = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      user.put((String) keyValues[i], keyValues[i + 1]);
    }
    return Map.of("user", user);
  }

  private static FlagResult evaluate(List<FlagConfig> flags, String flag, Map<String, Object> context) {
    return FlagEvaluator.compile(flags, Semantics.KOTLIN).evaluate(context).outcomes().stream()
        .filter(r -> r.flagKey().equals(flag))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void bucketsIntoTheDistributionOfTheWorkedExample() {
    // spec §7: AbC12345/user-0 hashes to 3356686119: allocation 19 < 20, distribution 33566861
    FlagResult r = evaluate(HANDMADE, "exp-multi-seg",
        user("user_id", "user-0", "device_id", "device-0", "country", "United States"));
    assertThat(r.variantKey()).isEqualTo("treatment");
    assertThat(r.reason()).isEqualTo(Reason.BUCKETED);
    assertThat(r.segmentName()).isEqualTo("US 20%");
    assertThat(r.hash()).isEqualTo(3356686119L);
    assertThat(r.allocationBucket()).isEqualTo(19);
    assertThat(r.distributionBucket()).isEqualTo(33566861L);
    assertThat(r.metadata()).containsEntry("segmentName", "US 20%").containsEntry("flagVersion", 7);
  }

  @Test
  void aMatchedSegmentOutsideItsRolloutServesItsDefaultAndStops() {
    // spec §3 consequence 1: user-1 is in allocation bucket 39, outside [0, 20)
    FlagResult r = evaluate(HANDMADE, "exp-multi-seg",
        user("user_id", "user-1", "device_id", "device-1", "country", "United States"));
    assertThat(r.variantKey()).isEqualTo("off");
    assertThat(r.reason()).isEqualTo(Reason.EXCLUDED_BY_ROLLOUT);
    assertThat(r.segmentName()).isEqualTo("US 20%");
    assertThat(r.allocationBucket()).isEqualTo(39);
    assertThat(r.isDefault()).isTrue();
  }

  @Test
  void aMatchedSegmentWithoutDefaultFallsThroughToTheNextSegment() {
    // spec §7: Xy9/pro-device-0 is in allocation bucket 98, outside the Pro segment's 50 %
    FlagResult r = evaluate(HANDMADE, "exp-multi-seg",
        user("user_id", "pro-user-0", "device_id", "pro-device-0", "user_properties", Map.of("plan", "pro")));
    assertThat(r.segmentName()).isEqualTo("All Other Users");
    assertThat(r.variantKey()).isEqualTo("treatment");
  }

  @Test
  void individualInclusionsWinWithoutHashing() {
    FlagResult r = evaluate(HANDMADE, "exp-multi-seg", user("user_id", "vip-1", "device_id", "d-0"));
    assertThat(r.variantKey()).isEqualTo("treatment");
    assertThat(r.reason()).isEqualTo(Reason.SEGMENT_VARIANT);
    assertThat(r.hash()).isEqualTo(-1);
  }

  @Test
  void emptyOrMissingBucketingValueReturnsTheSegmentDefaultWithoutHashing() {
    FlagResult empty = evaluate(HANDMADE, "flag-bucket-missing", user("user_properties", Map.of("team", "")));
    assertThat(empty.variantKey()).isEqualTo("off");
    assertThat(empty.reason()).isEqualTo(Reason.MISSING_BUCKETING_VALUE);
    FlagResult missing = evaluate(HANDMADE, "flag-bucket-missing", Map.of());
    assertThat(missing.reason()).isEqualTo(Reason.MISSING_BUCKETING_VALUE);
    FlagResult number = evaluate(HANDMADE, "flag-bucket-missing", user("user_properties", Map.of("team", 42)));
    assertThat(number.bucketingValue()).isEqualTo("42"); // spec §3 consequence 5
  }

  @Test
  void aHoldoutGateServesOffThroughTheDependencySegment() {
    FlagEvaluator evaluator = FlagEvaluator.compile(HANDMADE, Semantics.KOTLIN);
    assertThat(evaluator.flagKeys().indexOf("holdout-g")).isLessThan(evaluator.flagKeys().indexOf("exp-dep"));
    Evaluation e = evaluator.evaluate(user("user_id", "vip-1", "device_id", "d-0"));
    assertThat(e.results().get("holdout-g").variantKey()).isEqualTo("holdout");
    FlagResult gated = e.results().get("exp-dep");
    assertThat(gated.variantKey()).isEqualTo("off");
    assertThat(gated.reason()).isEqualTo(Reason.DEPENDENCY_GATE);
    assertThat(gated.segmentName()).isEqualTo("flag-dependencies");
  }

  private static final String UNKNOWN_KEY_AND_EMPTY_GROUPS =
      """
      [{"key": "f", "variants": {"on": {"key": "on"}, "off": {"key": "off"}},
        "segments": [
          {"conditions": [], "variant": "on"},
          {"variant": "ghost"},
          {"bucket": {"selector": ["context", "user", "user_id"], "salt": "s",
                      "allocations": [{"range": [0, 100], "distributions": [{"variant": "nope", "range": [0, 42949673]}]}]}},
          {"conditions": [[]], "variant": "off"}]}]
      """;

  @Test
  void unknownVariantKeysAndEmptyConditionListsFallThrough() {
    // spec §3: an empty outer list never matches, an unknown key yields nothing, an empty AND group matches
    List<FlagConfig> flags = FlagConfigParser.parse(UNKNOWN_KEY_AND_EMPTY_GROUPS, "t");
    FlagResult r = evaluate(flags, "f", user("user_id", "u"));
    assertThat(r.variantKey()).isEqualTo("off");
    assertThat(r.segmentIndex()).isEqualTo(3);
  }

  @Test
  void aFlagWithoutAnyMatchingSegmentHasNoResult() {
    List<FlagConfig> flags = FlagConfigParser.parse(
        "[{\"key\": \"f\", \"variants\": {}, \"segments\": [{\"variant\": \"x\"}]}]", "t");
    Evaluation e = FlagEvaluator.compile(flags, Semantics.KOTLIN).evaluate(Map.of());
    assertThat(e.results()).isEmpty();
    assertThat(e.outcomes().get(0).reason()).isEqualTo(Reason.NOT_ELIGIBLE);
  }

  @Test
  void explicitNullSegmentVariantIsALookupOfNullInJsOnly() {
    // spec §6.9 row 14
    List<FlagConfig> flags = FlagConfigParser.parse(
        "[{\"key\": \"f\", \"variants\": {\"null\": {\"key\": \"null\"}}, \"segments\": [{\"variant\": null}]}]", "t");
    assertThat(FlagEvaluator.compile(flags, Semantics.KOTLIN).evaluate(Map.of()).results()).isEmpty();
    assertThat(FlagEvaluator.compile(flags, Semantics.JS).evaluate(Map.of()).results()).containsKey("f");
  }

  @Test
  void integerLikeFlagKeysComeFirstInJsOnly() {
    // spec §6.9 row 16
    List<FlagConfig> flags = FlagConfigParser.parse(
        "[{\"key\": \"b\", \"variants\": {}, \"segments\": []}, {\"key\": \"10\", \"variants\": {}, \"segments\": []},"
            + " {\"key\": \"2\", \"variants\": {}, \"segments\": []}]", "t");
    assertThat(FlagEvaluator.compile(flags, Semantics.KOTLIN).flagKeys()).containsExactly("b", "10", "2");
    assertThat(FlagEvaluator.compile(flags, Semantics.JS).flagKeys()).containsExactly("2", "10", "b");
  }

  @Test
  void aDependencyCycleNamesTheFlags() {
    List<FlagConfig> flags = FlagConfigParser.parse(
        "[{\"key\": \"a\", \"dependencies\": [\"b\"], \"variants\": {}, \"segments\": []},"
            + " {\"key\": \"b\", \"dependencies\": [\"a\"], \"variants\": {}, \"segments\": []}]", "t");
    assertThatThrownBy(() -> FlagEvaluator.compile(flags, Semantics.KOTLIN))
        .isInstanceOf(DependencyCycleException.class)
        .hasMessage("Detected a cycle between flags a, b");
  }

  @Test
  void requestedKeysEvaluateOnlyThoseFlagsAndTheirDependencies() {
    FlagEvaluator evaluator = FlagEvaluator.compile(HANDMADE, Semantics.KOTLIN, java.util.Set.of("exp-dep"));
    assertThat(evaluator.flagKeys()).containsExactly("holdout-g", "exp-dep");
  }

  @Test
  void warnsAboutMissingDependenciesUnknownOperatorsAndInvalidRegexes() {
    List<FlagConfig> flags = FlagConfigParser.parse(
        """
        [{"key": "f", "dependencies": ["gone"], "variants": {"on": {"key": "on"}},
          "segments": [{"conditions": [[{"selector": ["context", "user", "x"], "op": "glob match", "values": ["a*"]},
                                         {"selector": ["ctx", "user"], "op": "is", "values": ["a"]},
                                         {"selector": ["context", "user", "y"], "op": "regex match", "values": ["[a"]}]],
                        "variant": "on"}]}]
        """, "t");
    List<String> warnings = FlagEvaluator.compile(flags, Semantics.KOTLIN).warnings();
    assertThat(warnings).hasSize(4);
    assertThat(String.join("\n", warnings))
        .contains("depends on 'gone'", "unknown operator 'glob match'", "selector 'ctx.user'", "invalid regex /[a/");
  }

  @Test
  void theCompiledEvaluatorSurvivesJavaSerialization() throws Exception {
    FlagEvaluator evaluator = FlagEvaluator.compile(HANDMADE, Semantics.JS);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(evaluator);
    }
    FlagEvaluator copy;
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (FlagEvaluator) in.readObject();
    }
    Map<String, Object> context = user("user_id", "user-9", "device_id", "x", "country", "United States",
        "user_properties", Map.of("path", "xaby"));
    assertThat(copy.evaluate(context).results().keySet()).isEqualTo(evaluator.evaluate(context).results().keySet());
    assertThat(copy.evaluate(context).results().get("flag-regex").variantKey()).isEqualTo("on");
  }
}
