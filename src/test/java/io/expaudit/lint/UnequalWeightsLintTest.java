package io.expaudit.lint;

import static io.expaudit.lint.TestFlags.bucket;
import static io.expaudit.lint.TestFlags.flag;
import static io.expaudit.lint.TestFlags.payload;
import static io.expaudit.lint.TestFlags.run;
import static io.expaudit.lint.TestFlags.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.expaudit.model.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnequalWeightsLintTest {
  private static final UnequalWeightsLint LINT = new UnequalWeightsLint();

  private static String experiment(String bucket) {
    return flag("f", "experiment", 1, List.of("control", "tour"),
        segment("All Other Users", null, bucket, "off"));
  }

  @Test
  void aTwentyEightySplitIsReportedWithItsExactShares() {
    assertThat(run(LINT, payload(experiment(bucket("s", 100, "control", 1, "tour", 4)))))
        .singleElement().satisfies(f -> {
          assertThat(f.severity()).isEqualTo(Severity.INFO);
          assertThat(f.message()).isEqualTo(
              "Segment 'All Other Users' (#1) splits its allocated units control 20 % / tour 80 %.");
          assertThat(f.measures().get("control")).isCloseTo(0.2, within(1e-7));
        });
  }

  @Test
  void amplitudesOwnFiftyFiftyRangesWithTheirOneValueOverlapAreEqual() {
    // served as [0, 21474837] and [21474836, 42949673]: 21474837 vs 21474836 distribution buckets
    assertThat(run(LINT, payload(experiment(bucket("s", 100, "control", 1, "tour", 1))))).isEmpty();
  }

  @Test
  void aThirtyFourThirtyThreeThirtyThreeSplitIsAboveTheDefaultTolerance() {
    String flag = flag("f", "experiment", 1, List.of("a", "b", "c"),
        segment("All Other Users", null, bucket("s", 100, "a", 34, "b", 33, "c", 33), "off"));
    assertThat(run(LINT, payload(flag))).hasSize(1);
  }

  @Test
  void holdoutGroupsAreUnevenByDesign() {
    String holdout = flag("holdout-q4", "holdout-group", 1, List.of("holdout", "on"),
        segment("All Other Users", null, bucket("h", 100, "holdout", 1, "on", 99), "off"));
    assertThat(run(LINT, payload(holdout))).isEmpty();
  }
}
