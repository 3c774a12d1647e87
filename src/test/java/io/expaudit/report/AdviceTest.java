package io.expaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AdviceTest {
  /** DESIGN.md's checks table: every check id with its causes (lints have none). */
  private static final Map<String, String[]> CHECKS = Map.of(
      "ASSIGNMENT_MISMATCH", new String[] {"BUCKET", "SEGMENT", "DEPENDENCY", "EXCLUDED_BUT_ASSIGNED", "CONFIG_VERSION_UNKNOWN"},
      "VARIANT_JUMP", new String[] {"CONFIG_CHANGE", "IDENTITY_CHANGE", "TARGETING_CHANGE", "UNEXPLAINED"},
      "NULL_PROPERTY_LEAK", new String[] {"EXPOSURE_WITHOUT_VARIANT", "PROPERTY_UNSET_AFTER_ASSIGNMENT",
          "EXPOSURE_BEFORE_ASSIGNMENT", "EXPOSURE_WITHOUT_ASSIGNMENT"},
      "SAMPLE_RATIO_MISMATCH", new String[] {"ASSIGNMENT_SIDE", "CAPTURE_SIDE", "JUMPER_EXCLUSION"});
  private static final String[] LINTS = {"SEGMENT_STARVATION", "UNREACHABLE_SEGMENT", "SALT_REUSE",
      "UNEQUAL_WEIGHTS", "FALLBACK_NOT_CONTROL", "NAMING_CONVENTION", "DEPENDENCY_CYCLE", "STALE_FLAG",
      "REWEIGHT_JUMP_FORECAST"};

  @Test
  void everyCheckAndCauseOfTheDesignHasItsOwnAdvice() {
    CHECKS.forEach((check, causes) -> {
      for (String cause : causes) {
        assertThat(Advice.written(check, cause)).as(check + "/" + cause).isTrue();
        assertThat(Advice.of(check, cause).todo()).as(check + "/" + cause).isNotBlank();
      }
    });
    for (String lint : LINTS) {
      assertThat(Advice.written(lint, null)).as(lint).isTrue();
    }
  }

  @Test
  void unitCountsReadAsWords() {
    Advice a = Advice.of("VARIANT_JUMP", "IDENTITY_CHANGE");
    assertThat(a.what(1)).startsWith("1 user switched variant");
    assertThat(a.what(12345)).startsWith("12,345 users switched variant");
  }

  @Test
  void aCauseWithoutItsOwnTextFallsBackToTheCheckThenToAGenericText() {
    assertThat(Advice.of("SALT_REUSE", "SOMETHING_NEW")).isEqualTo(Advice.of("SALT_REUSE", null));
    Advice unknown = Advice.of("NEW_CHECK", "SOME_CAUSE");
    assertThat(unknown.title()).isEqualTo("new check");
    assertThat(unknown.what(2)).isEqualTo("2 users with findings of NEW_CHECK (SOME_CAUSE)");
  }
}
