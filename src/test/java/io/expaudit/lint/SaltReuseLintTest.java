package io.expaudit.lint;

import static io.expaudit.lint.TestFlags.bucket;
import static io.expaudit.lint.TestFlags.bucketOn;
import static io.expaudit.lint.TestFlags.flag;
import static io.expaudit.lint.TestFlags.payload;
import static io.expaudit.lint.TestFlags.run;
import static io.expaudit.lint.TestFlags.segment;
import static io.expaudit.lint.TestFlags.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.eval.Evaluation;
import io.expaudit.eval.FlagEvaluator;
import io.expaudit.eval.Semantics;
import io.expaudit.model.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SaltReuseLintTest {
  private static final SaltReuseLint LINT = new SaltReuseLint();

  private static String experiment(String key, String bucket) {
    return flag(key, "experiment", 1, List.of("control", "treatment"),
        segment("All Other Users", null, bucket, "off"));
  }

  @Test
  void twoFlagsWithOneSaltAndBucketingKeyAreBothReported() {
    String a = experiment("web_101_checkout", bucket("Xy9", 100, "control", 1, "treatment", 1));
    String b = experiment("web_102_search", bucket("Xy9", 100, "control", 1, "treatment", 1));
    List<LintFinding> findings = run(LINT, payload(a, b));
    assertThat(findings).extracting(LintFinding::flagKey)
        .containsExactly("web_101_checkout", "web_102_search");
    assertThat(findings.get(0).severity()).isEqualTo(Severity.ERROR);
    assertThat(findings.get(0).cause()).isEqualTo("SAME_BUCKETING_KEY");
    assertThat(findings.get(0).message()).isEqualTo("Salt 'Xy9' is also used by 'web_102_search';"
        + " all bucket on user.device_id, so every unit has the same hash in each and their"
        + " assignments are correlated.");
  }

  @Test
  void sharedSaltMeansTheSameUnitsGetTheSameArmInBothFlags() {
    String a = experiment("a", bucket("Xy9", 100, "control", 1, "treatment", 1));
    String b = experiment("b", bucket("Xy9", 100, "control", 1, "treatment", 1));
    FlagEvaluator engine = FlagEvaluator.compile(
        List.of(TestFlags.parse(a), TestFlags.parse(b)), Semantics.KOTLIN);
    for (int i = 0; i < 1000; i++) {
      Evaluation e = engine.evaluate(Map.of("user", Map.of("device_id", "device-" + i)));
      assertThat(e.results().get("a").variantKey()).isEqualTo(e.results().get("b").variantKey());
    }
  }

  @Test
  void differentBucketingKeysAreReportedAsCorrelatedOnlyWhereIdsCoincide() {
    String a = experiment("a", bucketOn("user_id", "Xy9", 100, "control", 1, "treatment", 1));
    String b = experiment("b", bucketOn("device_id", "Xy9", 100, "control", 1, "treatment", 1));
    assertThat(run(LINT, payload(a, b))).extracting(LintFinding::cause)
        .containsOnly("OTHER_BUCKETING_KEY");
  }

  @Test
  void ownSaltsAndOneFlagReusingItsSaltAcrossSegmentsAreFine() {
    String a = flag("a", "experiment", 1, List.of("control", "treatment"),
        segment("US", where("country", "is", "US"), bucket("Aa1", 100, "control", 1, "treatment", 1), "off"),
        segment("All Other Users", null, bucket("Aa1", 100, "control", 1, "treatment", 1), "off"));
    String b = experiment("b", bucket("Bb2", 100, "control", 1, "treatment", 1));
    assertThat(run(LINT, payload(a, b))).isEmpty();
  }
}
