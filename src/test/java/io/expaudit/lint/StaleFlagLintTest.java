package io.expaudit.lint;

import static io.expaudit.lint.TestFlags.T0;
import static io.expaudit.lint.TestFlags.bucket;
import static io.expaudit.lint.TestFlags.flag;
import static io.expaudit.lint.TestFlags.run;
import static io.expaudit.lint.TestFlags.segment;
import static io.expaudit.lint.TestFlags.snapshot;
import static io.expaudit.lint.TestFlags.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.config.FlagHistory;
import io.expaudit.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaleFlagLintTest {
  private static final StaleFlagLint LINT = new StaleFlagLint();
  private static final Instant DAY_40 = T0.plus(Duration.ofDays(40));

  private static String release(long version, int rollout) {
    return flag("web_12_nav", "release", version, List.of("on"),
        segment("Beta", where("plan", "is", "beta"), null, "on"),
        segment("All Other Users", null, bucket("s", rollout, "on", 1), "off"));
  }

  private static FlagHistory twoCaptures(String first, String last, Instant lastTime) {
    return FlagHistory.of(List.of(snapshot(T0, first), snapshot(lastTime, last)));
  }

  @Test
  void aFlagServingOneVariantToEveryoneUnchangedForFortyDaysIsStale() {
    assertThat(run(LINT, twoCaptures(release(8, 100), release(8, 100), DAY_40)))
        .singleElement().satisfies(f -> {
          assertThat(f.severity()).isEqualTo(Severity.INFO);
          assertThat(f.cause()).isEqualTo("ONE_VARIANT");
          assertThat(f.flagVersion()).isEqualTo(8L);
          assertThat(f.message()).isEqualTo("Version 8 has not changed for at least 40 days (first"
              + " captured 2026-11-01T00:00:00Z, still served 2026-12-11T00:00:00Z) and gives every"
              + " unit 'on'.");
        });
  }

  @Test
  void aFlagServingOnlyItsDefaultDoesNothing() {
    String dead = flag("web_13_old", "release", 3, List.of("on"),
        segment("All Other Users", null, bucket("s", 0, "on", 1), "off"));
    assertThat(run(LINT, twoCaptures(dead, dead, DAY_40)))
        .extracting(LintFinding::cause).containsExactly("ALWAYS_DEFAULT");
  }

  @Test
  void twentyDaysIsBelowTheDefaultThirtyButAboveAConfiguredTen() {
    FlagHistory history = twoCaptures(release(8, 100), release(8, 100), T0.plus(Duration.ofDays(20)));
    assertThat(run(LINT, history)).isEmpty();
    assertThat(LINT.lint(history, LintSettings.defaults().withStaleDays(10))).hasSize(1);
  }

  @Test
  void aPartialRolloutARecentChangeAndADeletedFlagAreNotStale() {
    assertThat(run(LINT, twoCaptures(release(8, 50), release(8, 50), DAY_40))).isEmpty();
    assertThat(run(LINT, twoCaptures(release(8, 50), release(9, 100), DAY_40))).isEmpty();
    String other = flag("web_14_other", "release", 1, List.of("on"), segment("All Other Users", null, null, "on"));
    FlagHistory deleted = FlagHistory.of(List.of(
        snapshot(T0, release(8, 100), other), snapshot(DAY_40, other)));
    assertThat(run(LINT, deleted)).extracting(LintFinding::flagKey).containsExactly("web_14_other");
  }
}
