package io.expaudit.lint;

import static io.expaudit.lint.TestFlags.bucket;
import static io.expaudit.lint.TestFlags.flag;
import static io.expaudit.lint.TestFlags.payload;
import static io.expaudit.lint.TestFlags.run;
import static io.expaudit.lint.TestFlags.segment;
import static io.expaudit.lint.TestFlags.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.eval.FlagEvaluator;
import io.expaudit.eval.FlagResult;
import io.expaudit.eval.Semantics;
import io.expaudit.model.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentStarvationLintTest {
  private static final SegmentStarvationLint LINT = new SegmentStarvationLint();
  private static final String REST = segment("All Other Users", null, bucket("s1", 100, "control", 1, "treatment", 1), "off");

  /** The seed article's incident: a first segment set to 0 % that most users match. */
  private static final String ARTICLE = flag("ios_2855_mlmodels", "experiment", 4, List.of("control", "treatment"),
      segment("Old iOS test", where("platform", "is", "iOS"), bucket("s1", 0, "control", 1, "treatment", 1), "off"),
      segment("Subscribers", where("plan", "is", "pro"), bucket("s1", 100, "control", 1, "treatment", 1), "off"),
      REST);

  @Test
  void aZeroRolloutSegmentWithADefaultStarvesTheSegmentsBelowIt() {
    List<LintFinding> findings = run(LINT, payload(ARTICLE));
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
      assertThat(f.cause()).isEqualTo("ZERO_ROLLOUT");
      assertThat(f.segment()).isEqualTo("Old iOS test");
      assertThat(f.flagVersion()).isEqualTo(4L);
      assertThat(f.message()).isEqualTo("Segment 'Old iOS test' (#1) has a 0 % rollout, so it serves"
          + " 'off' to every unit it matches (user.platform is [iOS]) and evaluation stops there:"
          + " 'Subscribers' (#2), 'All Other Users' (#3) never see those units.");
    });
  }

  @Test
  void theEngineAgreesThatMatchingUnitsStopAtTheZeroRolloutSegment() {
    FlagResult r = FlagEvaluator.compile(List.of(TestFlags.parse(ARTICLE)), Semantics.KOTLIN)
        .evaluate(Map.of("user", Map.of("device_id", "d-1", "platform", "iOS",
            "user_properties", Map.of("plan", "pro"))))
        .results().get("ios_2855_mlmodels");
    assertThat(r.variantKey()).isEqualTo("off");
    assertThat(r.segmentName()).isEqualTo("Old iOS test");
  }

  @Test
  void aZeroRolloutSegmentWithoutDefaultLetsUnitsFallThroughAndIsNotReported() {
    String flag = flag("f", "experiment", 1, List.of("control", "treatment"),
        segment("Old iOS test", where("platform", "is", "iOS"), bucket("s1", 0, "control", 1, "treatment", 1), null),
        REST);
    assertThat(run(LINT, payload(flag))).isEmpty();
  }

  @Test
  void aZeroRolloutLastSegmentStarvesNobody() {
    String flag = flag("f", "release", 1, List.of("on"),
        segment("Beta", where("plan", "is", "beta"), null, "on"),
        segment("All Other Users", null, bucket("s1", 0, "on", 1), "off"));
    assertThat(run(LINT, payload(flag))).isEmpty();
  }

  @Test
  void aSegmentThatTakesEveryoneAboveOthersIsReported() {
    String flag = flag("f", "experiment", 2, List.of("control", "treatment"),
        segment("Everyone control", null, null, "control"),
        segment("US", where("country", "is", "US"), bucket("s1", 100, "control", 1, "treatment", 1), "off"),
        REST);
    assertThat(run(LINT, payload(flag))).singleElement().satisfies(f -> {
      assertThat(f.cause()).isEqualTo("TAKES_EVERYONE");
      assertThat(f.message()).contains("'US' (#2), 'All Other Users' (#3) are never evaluated");
    });
  }

  @Test
  void aCatchAllThatCanFallThroughTakesNobodyForGood() {
    // bucketed, no default: units outside the 50 % and units without a device id go on down
    String flag = flag("f", "experiment", 2, List.of("control", "treatment"),
        segment("Half", null, bucket("s1", 50, "control", 1, "treatment", 1), null),
        REST);
    assertThat(run(LINT, payload(flag))).isEmpty();
  }
}
