package io.expaudit.lint;

import static io.expaudit.lint.TestFlags.T0;
import static io.expaudit.lint.TestFlags.bucket;
import static io.expaudit.lint.TestFlags.flag;
import static io.expaudit.lint.TestFlags.run;
import static io.expaudit.lint.TestFlags.segment;
import static io.expaudit.lint.TestFlags.snapshot;
import static io.expaudit.lint.TestFlags.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagHistory;
import io.expaudit.lint.BucketSpace.Move;
import io.expaudit.lint.ReweightJumpForecastLint.SegmentForecast;
import io.expaudit.model.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReweightJumpForecastLintTest {
  private static final ReweightJumpForecastLint LINT = new ReweightJumpForecastLint();

  private static String tour(long version, String salt, int controlWeight, int tourWeight) {
    return flag("web_7_tour", "experiment", version, List.of("control", "tour"),
        segment("All Other Users", null, bucket(salt, 100, "control", controlWeight, "tour", tourWeight), "off"));
  }

  private static FlagHistory versions(String... flags) {
    List<io.expaudit.config.Snapshot> snapshots = new java.util.ArrayList<>();
    for (int i = 0; i < flags.length; i++) {
      snapshots.add(snapshot(T0.plus(Duration.ofDays(i)), flags[i]));
    }
    return FlagHistory.of(snapshots);
  }

  @Test
  void aFiftyFiftyToTwentyEightyReweightMovesExactlyThirtyPercentFromControlToTour() {
    // control was d < 21474837, is d < 8589935: 12884902 distribution buckets x 100 allocation buckets
    SegmentForecast forecast = ReweightJumpForecastLint.forecast(
        TestFlags.parse(tour(2, "s", 1, 1)), 0, TestFlags.parse(tour(3, "s", 1, 4)), 0);
    assertThat(forecast.exact()).isTrue();
    assertThat(forecast.changedHashes()).isEqualTo(1_288_490_200L);
    assertThat(forecast.changedShare()).isEqualTo(1_288_490_200.0 / 4_294_967_296.0);
    assertThat(forecast.moves()).containsOnlyKeys(new Move("control", "tour"));
    assertThat(forecast.jumpShare()).isEqualTo(forecast.changedShare());

    assertThat(run(LINT, versions(tour(2, "s", 1, 1), tour(3, "s", 1, 4)))).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.WARN);
      assertThat(f.cause()).isEqualTo("WEIGHTS");
      assertThat(f.flagVersion()).isEqualTo(3L);
      assertThat(f.message()).isEqualTo("v2 → v3, segment 'All Other Users' (#1): 30 % of the units"
          + " it decides in both versions change expected variant (exact, from the bucket ranges):"
          + " control → tour 30 %. 30 % move from one variant to another and will show as VARIANT_JUMP.");
    });
  }

  @Test
  void aRolloutIncreaseOnlyBringsUnitsInAndIsInformational() {
    String v7 = flag("web_9_nav", "release", 7, List.of("on"),
        segment("All Other Users", null, bucket("n", 20, "on", 1), "off"));
    String v8 = flag("web_9_nav", "release", 8, List.of("on"),
        segment("All Other Users", null, bucket("n", 50, "on", 1), "off"));
    assertThat(run(LINT, versions(v7, v8))).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.INFO);
      assertThat(f.cause()).isEqualTo("ROLLOUT");
      assertThat(f.measures().get("changed_share")).isEqualTo(30 * 42_949_673.0 / 4_294_967_296.0);
      assertThat(f.measures().get("jump_share")).isZero();
      assertThat(f.measures()).containsOnlyKeys("changed_share", "jump_share", "off → on");
    });
  }

  @Test
  void aNewSaltReshufflesHalfOfAFiftyFiftyExperimentInExpectation() {
    SegmentForecast forecast = ReweightJumpForecastLint.forecast(
        TestFlags.parse(tour(2, "s", 1, 1)), 0, TestFlags.parse(tour(3, "t", 1, 1)), 0);
    assertThat(forecast.exact()).isFalse();
    assertThat(forecast.changedHashes()).isNull();
    assertThat(forecast.changedShare()).isCloseTo(0.5, within(1e-7));
    assertThat(run(LINT, versions(tour(2, "s", 1, 1), tour(3, "t", 1, 1))))
        .extracting(LintFinding::cause).containsExactly("SALT");
  }

  @Test
  void aChangeThatKeepsEveryUnitsVariantForecastsNothing() {
    FlagConfig v2 = TestFlags.parse(tour(2, "s", 1, 1));
    String payloadOnly = tour(3, "s", 1, 1).replace("\"value\": \"tour\"", "\"value\": \"tour\", \"payload\": {\"x\": 1}");
    assertThat(ReweightJumpForecastLint.forecast(v2, 0, TestFlags.parse(payloadOnly), 0).changedHashes()).isZero();
    assertThat(run(LINT, versions(tour(2, "s", 1, 1), payloadOnly))).isEmpty();
  }

  @Test
  void targetingChangesAreNotedButNotCounted() {
    String before = tour(2, "s", 1, 1);
    String after = flag("web_7_tour", "experiment", 3, List.of("control", "tour"),
        segment("US", where("country", "is", "US"), bucket("s", 100, "control", 1, "tour", 1), "off"),
        segment("All Other Users", null, bucket("s", 100, "control", 1, "tour", 1), "off"));
    assertThat(run(LINT, versions(before, after))).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.INFO);
      assertThat(f.cause()).isEqualTo("TARGETING");
      assertThat(f.message()).isEqualTo("v2 → v3: targeting changed (segment 'US' (#1) added): units"
          + " may move between segments by their context, which this forecast does not count.");
    });
  }
}
