package io.expaudit.lint;

import static io.expaudit.lint.TestFlags.T0;
import static io.expaudit.lint.TestFlags.bucket;
import static io.expaudit.lint.TestFlags.bucketOn;
import static io.expaudit.lint.TestFlags.flag;
import static io.expaudit.lint.TestFlags.segment;
import static io.expaudit.lint.TestFlags.snapshot;
import static io.expaudit.lint.TestFlags.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.config.FlagHistory;
import io.expaudit.lint.ConfigHistory.VersionSpan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {
  private static final List<String> ARMS = List.of("control", "monthly-first");

  private static String pricing(long version, String euConditions, int euRollout, String rest) {
    return flag("pricing-page", "experiment", version, ARMS,
        segment("EU", euConditions, bucket("pP3", euRollout, "control", 1, "monthly-first", 1), "off"),
        rest);
  }

  private static final String REST =
      segment("All Other Users", null, bucket("pP3", 100, "control", 1, "monthly-first", 1), "off");

  @Test
  void aRolloutChangeIsOneLine() {
    assertThat(ConfigDiff.lines(
        TestFlags.parse(pricing(5, where("country", "is", "DE"), 20, REST)),
        TestFlags.parse(pricing(6, where("country", "is", "DE"), 40, REST))))
        .containsExactly("segment 'EU' (#1): rollout 20 % → 40 %");
  }

  @Test
  void conditionsWeightsSaltKeyAndDefaultAreEachSaid() {
    String after = flag("pricing-page", "experiment", 6, ARMS,
        segment("EU", where("country", "is", "DE", "FR"), bucket("pP3", 20, "control", 1, "monthly-first", 1), "off"),
        segment("All Other Users", null, bucketOn("user_id", "new", 100, "control", 1, "monthly-first", 3), "control"));
    assertThat(ConfigDiff.lines(TestFlags.parse(pricing(5, where("country", "is", "DE"), 20, REST)),
        TestFlags.parse(after))).containsExactly(
            "segment 'EU' (#1): conditions: user.country is [DE] → user.country is [DE, FR]",
            "segment 'All Other Users' (#2): default variant: off → control",
            "segment 'All Other Users' (#2): salt 'pP3' → 'new'",
            "segment 'All Other Users' (#2): bucketing key user.device_id → user.user_id",
            "segment 'All Other Users' (#2): weights control 50 % / monthly-first 50 %"
                + " → control 25 % / monthly-first 75 %");
  }

  @Test
  void segmentsAddedRemovedAndReorderedAreSaid() {
    String before = flag("f", "release", 1, List.of("on"),
        segment("A", where("country", "is", "A"), null, "on"),
        segment("B", where("country", "is", "B"), null, "on"),
        segment("Old", where("country", "is", "O"), null, "on"));
    String after = flag("f", "release", 2, List.of("on"),
        segment("B", where("country", "is", "B"), null, "on"),
        segment("A", where("country", "is", "A"), null, "on"),
        segment("New", where("country", "is", "N"), bucket("s", 10, "on", 1), "off"));
    assertThat(ConfigDiff.lines(TestFlags.parse(before), TestFlags.parse(after))).containsExactly(
        "segment 'Old' (#3) removed",
        "segment 'New' (#3) added: user.country is [N], bucketed by user.device_id, rollout 10 % (on 100 %), default 'off'",
        "segments reordered: A, B, Old → B, A, New");
  }

  @Test
  void theHistoryGivesEachVersionItsSpanAndItsChanges() {
    String v5 = pricing(5, where("country", "is", "DE"), 20, REST);
    String v6 = pricing(6, where("country", "is", "DE"), 40, REST);
    FlagHistory history = FlagHistory.of(List.of(
        snapshot(T0, v5), snapshot(T0.plus(Duration.ofDays(1)), v5),
        snapshot(T0.plus(Duration.ofDays(2)), v6)));
    List<VersionSpan> spans = ConfigHistory.of(history, "pricing-page");
    assertThat(spans).extracting(VersionSpan::version).containsExactly(5L, 6L);
    assertThat(spans.get(0).lastSeen()).isEqualTo(T0.plus(Duration.ofDays(1)));
    assertThat(spans.get(0).supersededAt()).isEqualTo(T0.plus(Duration.ofDays(2)));
    assertThat(spans.get(0).changes()).isEmpty();
    assertThat(spans.get(1).supersededAt()).isNull();
    assertThat(spans.get(1).servedAtEnd()).isTrue();
    assertThat(spans.get(1).changes()).containsExactly("segment 'EU' (#1): rollout 20 % → 40 %");
  }
}
