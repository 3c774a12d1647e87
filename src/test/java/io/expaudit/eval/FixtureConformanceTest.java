package io.expaudit.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagConfigParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-made and real payloads against each engine's recorded answers (spec §7, §11). */
class FixtureConformanceTest {

  private static List<String> mismatches(String flagsFixture, String expectedFixture, Semantics semantics)
      throws Exception {
    List<FlagConfig> flags = FlagConfigParser.parse(Fixtures.text(flagsFixture), flagsFixture);
    FlagEvaluator evaluator = FlagEvaluator.compile(flags, semantics);
    JsonNode users = Fixtures.json(flagsFixture).get("users");
    String[] expectedLines = Fixtures.text(expectedFixture).split("\n");
    assertThat(expectedLines).hasSize(users.size());
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < users.size(); i++) {
      Map<String, String> got = new LinkedHashMap<>();
      evaluator.evaluate(Fixtures.context(users.get(i)))
          .resultsInEngineOrder()
          .forEach((k, v) -> got.put(k, v.variantKey()));
      JsonNode expected = Fixtures.JSON.readTree(expectedLines[i]);
      assertThat(expected.get("id")).isEqualTo(users.get(i).get("id"));
      String gotJson = Fixtures.JSON.writeValueAsString(got);
      String expectedJson = Fixtures.JSON.writeValueAsString(expected.get("variants"));
      if (!gotJson.equals(expectedJson)) {
        mismatches.add(users.get(i).get("id") + ": expected " + expectedJson + " got " + gotJson);
      }
    }
    return mismatches;
  }

  @Test
  void handmadeFlagsMatchTheKotlinEngineUserByUserKeyOrderIncluded() throws Exception {
    assertThat(mismatches("handmade.json", "handmade.expected-kotlin.jsonl", Semantics.KOTLIN)).isEmpty();
  }

  @Test
  void handmadeFlagsMatchTheJsEngineUserByUser() throws Exception {
    assertThat(mismatches("handmade.json", "handmade.expected-js.jsonl", Semantics.JS)).isEmpty();
  }

  @Test
  void realSdkPayloadMatchesUnderBothSemantics() throws Exception {
    assertThat(mismatches("sdk-ci-flags.json", "sdk-ci-flags.expected-js.jsonl", Semantics.JS)).isEmpty();
    assertThat(mismatches("sdk-ci-flags.json", "sdk-ci-flags.expected-js.jsonl", Semantics.KOTLIN)).isEmpty();
  }

  @Test
  void theSemanticsDifferExactlyOnTheKnownDivergenceFlags() throws Exception {
    List<FlagConfig> flags = FlagConfigParser.parse(Fixtures.text("handmade.json"), "handmade.json");
    FlagEvaluator kotlin = FlagEvaluator.compile(flags, Semantics.KOTLIN);
    FlagEvaluator js = FlagEvaluator.compile(flags, Semantics.JS);
    java.util.Set<String> differing = new java.util.TreeSet<>();
    for (JsonNode user : Fixtures.json("handmade.json").get("users")) {
      Map<String, FlagResult> a = kotlin.evaluate(Fixtures.context(user)).results();
      Map<String, FlagResult> b = js.evaluate(Fixtures.context(user)).results();
      for (String key : flags.stream().map(FlagConfig::key).toList()) {
        String ka = a.containsKey(key) ? a.get(key).variantKey() : null;
        String kb = b.containsKey(key) ? b.get(key).variantKey() : null;
        if (!java.util.Objects.equals(ka, kb)) {
          differing.add(key);
        }
      }
    }
    assertThat(differing)
        .containsExactly("flag-bracket-string", "flag-none-regex-not", "flag-none-set-is-not",
            "flag-number", "flag-regex", "flag-semver");
  }
}
