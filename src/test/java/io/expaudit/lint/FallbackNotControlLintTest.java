package io.expaudit.lint;

import static io.expaudit.lint.TestFlags.bucket;
import static io.expaudit.lint.TestFlags.flag;
import static io.expaudit.lint.TestFlags.payload;
import static io.expaudit.lint.TestFlags.run;
import static io.expaudit.lint.TestFlags.segment;
import static io.expaudit.lint.TestFlags.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.model.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class FallbackNotControlLintTest {
  private static final FallbackNotControlLint LINT = new FallbackNotControlLint();
  private static final String IOS =
      segment("iOS", where("platform", "is", "iOS"), bucket("s", 100, "control", 1, "treatment", 1), "off");

  private static List<LintFinding> lint(String type, String... segments) {
    return run(LINT, payload(flag("f", type, 1, List.of("control", "treatment"), segments)));
  }

  @Test
  void aTargetedExperimentWhoseOthersAreSplitFiftyFiftyIsReported() {
    assertThat(lint("experiment", IOS,
        segment("All Other Users", null, bucket("s", 100, "control", 1, "treatment", 1), "off")))
        .singleElement().satisfies(f -> {
          assertThat(f.severity()).isEqualTo(Severity.WARN);
          assertThat(f.cause()).isEqualTo("NOT_CONTROL");
          assertThat(f.segment()).isEqualTo("All Other Users");
          assertThat(f.message()).isEqualTo("The fallback segment 'All Other Users' (#2), which serves"
              + " every unit outside 'iOS' (#1), gives control 50 % / treatment 50 % instead of 100 % control.");
        });
  }

  @Test
  void othersGettingOffOrAPartialRolloutAreNotPureControlEither() {
    assertThat(lint("experiment", IOS, segment("All Other Users", null, null, "off")))
        .extracting(LintFinding::message)
        .containsExactly("The fallback segment 'All Other Users' (#2), which serves every unit"
            + " outside 'iOS' (#1), gives off 100 % instead of 100 % control.");
    assertThat(lint("experiment", IOS,
        segment("All Other Users", null, bucket("s", 90, "control", 1), "off")))
        .extracting(LintFinding::message)
        .containsExactly("The fallback segment 'All Other Users' (#2), which serves every unit"
            + " outside 'iOS' (#1), gives control 90 % / off 10 % instead of 100 % control.");
  }

  @Test
  void aTargetedExperimentWithoutACatchAllLeavesOthersWithoutVariant() {
    assertThat(lint("experiment", IOS)).extracting(LintFinding::cause).containsExactly("NO_FALLBACK");
  }

  @Test
  void othersAtOneHundredPercentControlAreWhatTheArticleRecommends() {
    assertThat(lint("experiment", IOS,
        segment("All Other Users", null, bucket("s", 100, "control", 1), "off"))).isEmpty();
    assertThat(lint("experiment", IOS, segment("All Other Users", null, null, "control"))).isEmpty();
  }

  @Test
  void anUntargetedExperimentAndAReleaseFlagAreNotJudged() {
    String split = segment("All Other Users", null, bucket("s", 100, "control", 1, "treatment", 1), "off");
    String inclusions = segment("individual-inclusions", where("user_id", "is", "me"), null, "treatment");
    assertThat(lint("experiment", inclusions, split)).isEmpty();
    assertThat(lint("release", IOS, split)).isEmpty();
  }
}
