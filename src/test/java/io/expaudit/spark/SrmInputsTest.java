package io.expaudit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagConfigParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SrmInputsTest {
  /** Inclusions, a 90/10 US segment at 50 % rollout, and All Other Users 50/50 with "off" default. */
  private static final String FLAG = """
      [{"key": "pricing", "metadata": {"flagVersion": 4},
        "variants": {"off": {"key": "off", "metadata": {"default": true}},
                     "control": {"key": "control"}, "treatment": {"key": "treatment"}},
        "segments": [
          {"metadata": {"segmentName": "individual-inclusions"},
           "conditions": [[{"selector": ["context", "user", "user_id"], "op": "is", "values": ["qa"]}]],
           "variant": "treatment"},
          {"metadata": {"segmentName": "US"},
           "conditions": [[{"selector": ["context", "user", "country"], "op": "is", "values": ["US"]}]],
           "bucket": {"selector": ["context", "user", "device_id"], "salt": "s",
                      "allocations": [{"range": [0, 50], "distributions": [
                          {"variant": "control", "range": [0, 38654705]},
                          {"variant": "treatment", "range": [38654705, 42949673]}]}]}},
          {"metadata": {"segmentName": "Overlapping"},
           "conditions": [[{"selector": ["context", "user", "country"], "op": "is", "values": ["CA"]}]],
           "bucket": {"selector": ["context", "user", "device_id"], "salt": "s",
                      "allocations": [{"range": [0, 100], "distributions": [
                          {"variant": "control", "range": [0, 300]},
                          {"variant": "treatment", "range": [100, 400]}]}]}},
          {"metadata": {"segmentName": "All Other Users"},
           "bucket": {"selector": ["context", "user", "device_id"], "salt": "s",
                      "allocations": [{"range": [0, 100], "distributions": [
                          {"variant": "control", "range": [0, 21474836]},
                          {"variant": "treatment", "range": [21474836, 42949673]}]}]},
           "variant": "off"},
          {"variant": "off"}]}]
      """;

  @Test
  void weightsAreEachVariantsShareOfTheHashSpacePerSegment() {
    FlagConfig config = FlagConfigParser.parse(FLAG, "flags.json").get(0);
    Map<String, Map<String, Double>> weights = SrmInputs.segmentWeights(config);
    assertThat(weights.keySet()).containsExactly("0:individual-inclusions", "1:US", "2:Overlapping",
        "3:All Other Users");
    assertThat(weights.get("0:individual-inclusions")).containsExactly(Map.entry("treatment", 1.0));
    assertThat(weights.get("1:US")).containsExactly(Map.entry("control", 50.0 * 38_654_705),
        Map.entry("treatment", 50.0 * (42_949_673 - 38_654_705)));
    // the first distribution wins where they overlap: control [0, 300), treatment [300, 400)
    assertThat(weights.get("2:Overlapping")).containsExactly(Map.entry("control", 100.0 * 300),
        Map.entry("treatment", 100.0 * 100));
    // the segment's default variant "off" is no arm; the last segment serves only "off"
    assertThat(weights.get("3:All Other Users")).containsOnlyKeys("control", "treatment");
    assertThat(SrmInputs.segmentKey(4, null)).isEqualTo("4");
  }
}
