package io.expaudit.lint;

import static io.expaudit.lint.TestFlags.T0;
import static io.expaudit.lint.TestFlags.bucket;
import static io.expaudit.lint.TestFlags.flag;
import static io.expaudit.lint.TestFlags.segment;
import static io.expaudit.lint.TestFlags.snapshot;
import static io.expaudit.lint.TestFlags.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.expaudit.config.FlagHistory;
import io.expaudit.model.Finding;
import io.expaudit.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigLinterTest {
  private static final Instant T1 = T0.plus(Duration.ofDays(2));

  private static String pricing(long version, int euRollout) {
    return flag("web_4_pricing", "experiment", version, List.of("control_price_20261101", "variant_price_20261101"),
        segment("EU", where("country", "is", "DE"),
            bucket("pP3", euRollout, "control_price_20261101", 1, "variant_price_20261101", 1), "off"),
        segment("All Other Users", null,
            bucket("pP3", 100, "control_price_20261101", 1, "variant_price_20261101", 1), "off"));
  }

  private static final FlagHistory HISTORY =
      FlagHistory.of(List.of(snapshot(T0, pricing(5, 20)), snapshot(T1, pricing(6, 40))));

  @Test
  void theSameFindingOnTwoVersionsIsOneRowSpanningBoth() {
    List<LintFinding> fallback = ConfigLinter.run(HISTORY, LintSettings.defaults()).stream()
        .filter(f -> f.check().equals("FALLBACK_NOT_CONTROL")).toList();
    assertThat(fallback).singleElement().satisfies(f -> {
      assertThat(f.flagVersion()).isEqualTo(6L);
      assertThat(f.firstSeen()).isEqualTo(T0);
      assertThat(f.lastSeen()).isEqualTo(T1);
    });
  }

  @Test
  void findingsBecomeFlagLevelRowsWithTheFixHintInTheDetail() {
    List<Finding> rows = ConfigLinter.lint(HISTORY, LintSettings.defaults());
    assertThat(rows).extracting(Finding::check)
        .containsExactly("FALLBACK_NOT_CONTROL", "REWEIGHT_JUMP_FORECAST");
    Finding row = rows.get(0);
    assertThat(row.flagKey()).isEqualTo("web_4_pricing");
    assertThat(row.unitId()).isNull();
    assertThat(row.userId()).isNull();
    assertThat(row.deviceId()).isNull();
    assertThat(row.amplitudeId()).isNull();
    assertThat(row.expectedVariant()).isNull();
    assertThat(row.observedVariant()).isNull();
    assertThat(row.flagVersion()).isEqualTo(6L);
    assertThat(row.segment()).isEqualTo("All Other Users");
    assertThat(row.firstSeen()).isEqualTo(T0.toEpochMilli());
    assertThat(row.lastSeen()).isEqualTo(T1.toEpochMilli());
    assertThat(row.events()).isZero();
    assertThat(row.pValue()).isNull();
    assertThat(row.detail()).endsWith(" Fix: " + new FallbackNotControlLint().fixHint());
  }

  @Test
  void configuredSeveritiesReplaceDefaultsAndDisabledLintsDoNotRun() {
    LintSettings settings = new LintSettings(LintSettings.DEFAULT_FLAG_KEY_PATTERN,
        LintSettings.DEFAULT_VARIANT_KEY_PATTERN, LintSettings.DEFAULT_CONTROL_PATTERN, 30, 0.001,
        Map.of("fallback_not_control", Severity.ERROR), Set.of("REWEIGHT_JUMP_FORECAST"));
    assertThat(ConfigLinter.run(HISTORY, settings))
        .extracting(LintFinding::check, LintFinding::severity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("FALLBACK_NOT_CONTROL", Severity.ERROR));
  }

  @Test
  void aBadConfiguredPatternIsRefusedNamingItsKey() {
    assertThatThrownBy(() -> LintSettings.defaults().withNamingPatterns("(", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("lint.naming.flag_pattern is not a valid regular expression: ");
    assertThatThrownBy(() -> LintSettings.defaults().withStaleDays(0))
        .hasMessage("lint.stale.days must be at least 1, got 0");
  }

  @Test
  void everyLintHasAUniqueIdAnExplanationAndAFix() {
    Set<String> ids = new HashSet<>();
    for (ConfigLint lint : ConfigLinter.LINTS) {
      assertThat(ids.add(lint.id())).as(lint.id()).isTrue();
      assertThat(lint.explanation()).as(lint.id()).hasSizeGreaterThan(100);
      assertThat(lint.fixHint()).as(lint.id()).hasSizeGreaterThan(40);
      assertThat(ConfigLinter.byId(lint.id())).isSameAs(lint);
    }
    assertThat(ids).containsExactlyInAnyOrder("SEGMENT_STARVATION", "UNREACHABLE_SEGMENT",
        "SALT_REUSE", "UNEQUAL_WEIGHTS", "FALLBACK_NOT_CONTROL", "NAMING_CONVENTION",
        "DEPENDENCY_CYCLE", "STALE_FLAG", "REWEIGHT_JUMP_FORECAST");
  }
}
