package io.expaudit.lint;

import static io.expaudit.lint.TestFlags.bucket;
import static io.expaudit.lint.TestFlags.condition;
import static io.expaudit.lint.TestFlags.flag;
import static io.expaudit.lint.TestFlags.payload;
import static io.expaudit.lint.TestFlags.run;
import static io.expaudit.lint.TestFlags.segment;
import static io.expaudit.lint.TestFlags.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.model.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnreachableSegmentLintTest {
  private static final UnreachableSegmentLint LINT = new UnreachableSegmentLint();
  private static final String REST = segment("All Other Users", null, null, "off");

  private static List<LintFinding> lint(String... segments) {
    return run(LINT, payload(flag("f", "release", 3, List.of("on"), segments)));
  }

  @Test
  void aSegmentWhoseOnlyConditionHasAnUnknownOperatorNeverMatches() {
    assertThat(lint(segment("Typo", where("country", "is one of", "US"), null, "on"), REST))
        .singleElement().satisfies(f -> {
          assertThat(f.severity()).isEqualTo(Severity.WARN);
          assertThat(f.cause()).isEqualTo("NEVER_MATCHES");
          assertThat(f.message()).isEqualTo("Segment 'Typo' (#1) can never match: operator 'is one"
              + " of' on user.country is unknown to Amplitude's engines, which treat it as false.");
        });
  }

  @Test
  void anEmptyConditionListAndASetOperatorNextToItsNegationNeverMatch() {
    String contradiction = "[[" + condition("cohort_ids", "set contains any", "c1") + ", "
        + condition("cohort_ids", "set does not contain any", "c1") + "]]";
    assertThat(lint(segment("Empty", "[]", null, "on"), segment("Both", contradiction, null, "on"), REST))
        .extracting(LintFinding::segment, LintFinding::cause)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Empty", "NEVER_MATCHES"),
            org.assertj.core.groups.Tuple.tuple("Both", "NEVER_MATCHES"));
  }

  @Test
  void anUnknownOperatorInOneOfTwoConditionGroupsLeavesTheSegmentReachableButIsReported() {
    String groups = "[[" + condition("country", "is one of", "US") + "], ["
        + condition("country", "is", "FR") + "]]";
    assertThat(lint(segment("Either", groups, null, "on"), REST)).singleElement().satisfies(f -> {
      assertThat(f.cause()).isEqualTo("DEAD_CONDITION_GROUP");
      assertThat(f.message()).isEqualTo("Condition group 1 of 2 of segment 'Either' (#1) can never"
          + " match: operator 'is one of' on user.country is unknown to Amplitude's engines, which"
          + " treat it as false; units only get in through the other groups.");
    });
  }

  @Test
  void knownOperatorsInEveryGroupAreFine() {
    String groups = "[[" + condition("country", "is", "US") + ", " + condition("plan", "set contains any", "pro")
        + "], [" + condition("country", "is not", "FR") + "]]";
    assertThat(lint(segment("Either", groups, null, "on"), REST)).isEmpty();
  }

  @Test
  void aSegmentWithTheSameConditionsAsAnEarlierOneThatAlwaysYieldsIsShadowed() {
    assertThat(lint(
        segment("US", where("country", "is", "US"), null, "on"),
        segment("US again", where("country", "is", "US"), bucket("s", 100, "on", 1), "off"),
        REST)).singleElement().satisfies(f -> {
          assertThat(f.cause()).isEqualTo("SHADOWED");
          assertThat(f.segment()).isEqualTo("US again");
        });
  }

  @Test
  void anEarlierTwinThatLetsUnitsFallThroughShadowsNothing() {
    assertThat(lint(
        segment("US half", where("country", "is", "US"), bucket("s", 50, "on", 1), null),
        segment("US again", where("country", "is", "US"), null, "on"),
        REST)).isEmpty();
  }
}
