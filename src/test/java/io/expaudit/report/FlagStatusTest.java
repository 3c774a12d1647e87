package io.expaudit.report;

import static io.expaudit.report.ReportFixtures.broken;
import static io.expaudit.report.ReportFixtures.healthy;
import static io.expaudit.report.ReportFixtures.plain;
import static io.expaudit.report.ReportFixtures.warned;
import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.model.Finding;
import io.expaudit.model.Severity;
import io.expaudit.report.FlagStatus.Level;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlagStatusTest {

  @Test
  void anErrorMakesAFlagBrokenWithErrorsFirstThenByCount() {
    FlagStatus status = FlagStatus.of(plain(broken("checkout-redesign")));
    assertThat(status.level()).isEqualTo(Level.BROKEN);
    assertThat(status.reasons()).containsExactly(
        "8 users got a different variant than the hash bucket gives, in the segment the configuration picks.",
        "4 users switched variant with the same ids and the same configuration: an app or caching bug.",
        "4 users logged a config version that no captured snapshot holds, so they could not be checked.");
  }

  @Test
  void warningsOnlyMakeAWarning() {
    FlagStatus status = FlagStatus.of(plain(warned("onboarding-tour")));
    assertThat(status.level()).isEqualTo(Level.WARNING);
    assertThat(status.reasons()).containsExactly(
        "25 users switched variant when the flag's configuration changed (weights, rollout or salt).");
  }

  @Test
  void aCleanFlagIsOkAndSaysWhatWasChecked() {
    FlagStatus status = FlagStatus.of(plain(healthy("search-ranking")));
    assertThat(status.level()).isEqualTo(Level.OK);
    assertThat(status.reasons()).containsExactly("All 100 users were logged in the variant the configuration"
        + " gives them, and none switched variant or lost the experiment property.");
  }

  @Test
  void aFlagNobodyCouldBeCheckedOnIsAWarningNotOk() {
    FlagSummary s = new FlagSummary("new-nav");
    s.addUnits(150, "on", "on", false, false, false, "on", false, false);
    FlagStatus status = FlagStatus.of(plain(s));
    assertThat(status.level()).isEqualTo(Level.WARNING);
    assertThat(status.reasons()).singleElement().asString().startsWith("No assignment or exposure event");
  }

  @Test
  void aFlagLevelErrorBreaksAnOtherwiseHealthyFlag() {
    Finding srm = new Finding("SAMPLE_RATIO_MISMATCH", Severity.ERROR, "search-ranking", null, null, null, null,
        null, null, "CAPTURE_SIDE", 3L, null, null, null, 0, 2.3e-7, "chi2 = 30.1, df = 2");
    FlagStatus status = FlagStatus.of(new ReportModel.FlagReport(healthy("search-ranking"), List.of(srm),
        List.of(), List.of(), List.of(), List.of()));
    assertThat(status.level()).isEqualTo(Level.BROKEN);
    assertThat(status.reasons()).containsExactly("The number of users per variant is off although the"
        + " assignments agree: some variants lose users after assignment (p = 2.3e-07).");
  }

  @Test
  void infoFindingsLeaveAFlagOk() {
    FlagSummary s = healthy("search-ranking");
    s.addFindings("STALE_FLAG", null, "INFO", 1);
    assertThat(FlagStatus.of(plain(s)).level()).isEqualTo(Level.OK);
  }
}
