package io.expaudit.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.expaudit.model.Finding;
import io.expaudit.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit's SRM check: expected split, funnel localization, flagging and findings. */
class SrmAnalysisTest {
  private static final Map<String, Map<String, Double>> HALVES =
      Map.of("all", Map.of("control", 1.0, "treatment", 1.0));

  private static SrmReport analyse(FlagVersionCounts... counts) {
    return SrmAnalysis.analyse(List.of(counts), SrmSettings.DEFAULTS, SequentialStates.empty(),
        "2026-11-16");
  }

  private static VersionSrm only(SrmReport report) {
    assertThat(report.flags()).hasSize(1);
    assertThat(report.flags().get(0).versions()).hasSize(1);
    return report.flags().get(0).versions().get(0);
  }

  private static FunnelCell cell(String recomputed, String assigned, String exposed, String analysed,
      long units) {
    return new FunnelCell("all", recomputed, assigned, exposed, analysed, units);
  }

  private static FlagVersionCounts flag(String key, FunnelCell... cells) {
    return new FlagVersionCounts(key, 1, HALVES, List.of(cells), List.of());
  }

  @Test
  void expectedCountsComeFromEachUnitsRecomputedSegment() {
    // 10,000 units in a 90/10 segment and 10,000 in a 50/50 one: E = 14,000 / 6,000
    FlagVersionCounts counts = new FlagVersionCounts("geo", 4,
        Map.of("us", Map.of("control", 9.0, "treatment", 1.0),
            "rest", Map.of("control", 1.0, "treatment", 1.0)),
        List.of(new FunnelCell("us", "control", "control", null, null, 9_000),
            new FunnelCell("us", "treatment", "treatment", null, null, 1_000),
            new FunnelCell("rest", "control", "control", null, null, 5_000),
            new FunnelCell("rest", "treatment", "treatment", null, null, 5_000)),
        List.of());
    VersionSrm v = only(analyse(counts));
    assertThat(v.headline().test().expected()).containsExactly(Map.entry("control", 14_000.0),
        Map.entry("treatment", 6_000.0));
    assertThat(v.headline().test().chiSquare().statistic()).isZero();
    assertThat(v.flagged()).isFalse();
    assertThat(v.verdict()).isEqualTo(Verdict.BALANCED);
  }

  @Test
  void unitsOutsideTheRolloutOrInSegmentsWithoutWeightsAreNotPartOfTheTest() {
    FlagVersionCounts counts = new FlagVersionCounts("rollout", 2, HALVES,
        List.of(cell("control", "control", null, null, 5_000),
            cell("treatment", "treatment", null, null, 5_000),
            // excluded by the rollout: recomputed to the default variant
            cell("off", "off", null, null, 90_000),
            new FunnelCell("internal", "treatment", "treatment", null, null, 3_000)),
        List.of());
    TestResult test = only(analyse(counts)).headline().test();
    assertThat(test.units()).isEqualTo(10_000);
    assertThat(test.outsideDesign()).isEmpty();
    assertThat(test.chiSquare().statistic()).isZero();
  }

  @Test
  void anAssignmentSideFaultIsNamedAtTheAssignedStage() {
    // an SDK build logs 1,500 treatment units as control; exposures follow the logged variant
    VersionSrm v = only(analyse(flag("checkout",
        cell("control", "control", "control", "control", 50_000),
        cell("treatment", "treatment", "treatment", "treatment", 48_500),
        cell("treatment", "control", "control", "control", 1_500))));
    assertThat(v.flagged()).isTrue();
    assertThat(v.stage()).isEqualTo(Stage.ANALYSED);
    assertThat(v.funnel().get(Stage.RECOMPUTED.ordinal()).broken()).isFalse();
    assertThat(v.firstBrokenStage()).isEqualTo(Stage.ASSIGNED);
    assertThat(v.cause()).isEqualTo(Cause.ASSIGNMENT_SIDE);
    StageResult assigned = v.funnel().get(Stage.ASSIGNED.ordinal());
    assertThat(assigned.populationPart()).isZero();
    assertThat(assigned.disagreementPart())
        .isCloseTo(assigned.test().chiSquare().statistic(), within(1e-9));
  }

  @Test
  void aCaptureSideFaultIsNamedWhereUnitsGoMissing() {
    // assignments are logged for everyone; 4 % of treatment units never send their exposure
    VersionSrm v = only(analyse(flag("search",
        cell("control", "control", "control", "control", 50_000),
        cell("treatment", "treatment", "treatment", "treatment", 48_000),
        cell("treatment", "treatment", null, null, 2_000))));
    assertThat(v.flagged()).isTrue();
    assertThat(v.funnel().get(Stage.ASSIGNED.ordinal()).broken()).isFalse();
    assertThat(v.firstBrokenStage()).isEqualTo(Stage.EXPOSED);
    assertThat(v.cause()).isEqualTo(Cause.CAPTURE_SIDE);
    StageResult exposed = v.funnel().get(Stage.EXPOSED.ordinal());
    assertThat(exposed.disagreementPart()).isZero();
    assertThat(exposed.populationPart()).isCloseTo(exposed.test().chiSquare().statistic(), within(1e-9));
  }

  @Test
  void unitsMissingFromTheEventsAltogetherBreakTheRecomputedStage() {
    // a treatment crash loses whole units: the audit never sees them
    VersionSrm v = only(analyse(flag("onboarding",
        cell("control", "control", null, null, 20_000),
        cell("treatment", "treatment", null, null, 19_000))));
    assertThat(v.stage()).isEqualTo(Stage.ASSIGNED);
    assertThat(v.firstBrokenStage()).isEqualTo(Stage.RECOMPUTED);
    assertThat(v.cause()).isEqualTo(Cause.CAPTURE_SIDE);
  }

  @Test
  void unitsLoggedWithTheDefaultVariantCountAgainstTheirRecomputedArm() {
    // treatment units whose SDK fell back to "off": outside the design, and their arm is short
    VersionSrm v = only(analyse(flag("fallback",
        cell("control", "control", null, null, 30_000),
        cell("treatment", "treatment", null, null, 29_000),
        cell("treatment", "off", null, null, 1_000))));
    StageResult assigned = v.funnel().get(Stage.ASSIGNED.ordinal());
    assertThat(assigned.test().outsideDesign()).containsExactly(Map.entry("off", 1_000L));
    assertThat(assigned.test().units()).isEqualTo(59_000);
    assertThat(v.flagged()).isTrue();
    assertThat(v.firstBrokenStage()).isEqualTo(Stage.ASSIGNED);
    assertThat(v.cause()).isEqualTo(Cause.ASSIGNMENT_SIDE);
  }

  @Test
  void theFindingOfAFlaggedVersionIsFlagLevelWithItsCauseAndEvidence() {
    SrmReport report = analyse(flag("checkout",
        cell("control", "control", null, null, 50_000),
        cell("treatment", "treatment", null, null, 48_500),
        cell("treatment", "control", null, null, 1_500)));
    assertThat(report.findings()).hasSize(1);
    Finding f = report.findings().get(0);
    assertThat(f.check()).isEqualTo("SAMPLE_RATIO_MISMATCH");
    assertThat(f.severity()).isEqualTo(Severity.ERROR);
    assertThat(f.flagKey()).isEqualTo("checkout");
    assertThat(f.flagVersion()).isEqualTo(1L);
    assertThat(f.cause()).isEqualTo("ASSIGNMENT_SIDE");
    assertThat(f.unitId()).isNull();
    assertThat(f.userId()).isNull();
    assertThat(f.deviceId()).isNull();
    assertThat(f.amplitudeId()).isNull();
    assertThat(f.segment()).isNull();
    VersionSrm v = only(report);
    assertThat(f.pValue()).isEqualTo(Math.min(v.adjustedPValue(), v.sequentialPValue()));
    assertThat(f.detail()).startsWith("v1: the assigned units break the configured split:"
        + " control 51,500 (expected 50,000), treatment 48,500 (expected 50,000); X² = 90.00, df = 1,")
        .contains("First broken stage: assigned, assignment side");
    assertThat(report.flags().get(0).reported()).isSameAs(v);
  }

  @Test
  void benjaminiHochbergAcrossFlagsKeepsABorderlineFlagFromFiring() {
    // p ≈ 7e-4 alone is below α = 0.001; among nine balanced flags its adjusted p-value is not
    FlagVersionCounts borderline = flag("borderline", cell("control", "control", null, null, 50_000),
        cell("treatment", "treatment", null, null, 51_070));
    assertThat(only(analyse(borderline)).headline().test().pValue()).isBetween(5e-4, 1e-3);
    assertThat(only(analyse(borderline)).flagged()).isTrue();
    List<FlagVersionCounts> run = new ArrayList<>(List.of(borderline));
    for (int i = 0; i < 9; i++) {
      run.add(flag("balanced-" + i, cell("control", "control", null, null, 50_000 + i),
          cell("treatment", "treatment", null, null, 50_000)));
    }
    SrmReport report = SrmAnalysis.analyse(run, SrmSettings.DEFAULTS, SequentialStates.empty(), "n");
    VersionSrm v = report.flags().stream().filter(f -> f.flagKey().equals("borderline")).findFirst()
        .orElseThrow().versions().get(0);
    assertThat(v.adjustedPValue()).isGreaterThan(0.001);
    assertThat(v.flagged()).isFalse();
    assertThat(report.findings()).isEmpty();
  }

  @Test
  void theEffectSizeFloorSilencesTinyImbalancesOfHugeExperiments() {
    // 0.05 pp off 50 % on 100 M units: p is tiny, the deviation is not worth an alarm
    FlagVersionCounts huge = flag("huge", cell("control", "control", null, null, 50_050_000),
        cell("treatment", "treatment", null, null, 49_950_000));
    assertThat(only(analyse(huge)).flagged()).isTrue();
    SrmSettings floor = SrmSettings.DEFAULTS.withMinEffect(0.001);
    VersionSrm v = only(SrmAnalysis.analyse(List.of(huge), floor, SequentialStates.empty(), "n"));
    assertThat(v.headline().test().effect()).isCloseTo(0.0005, within(1e-12));
    assertThat(v.headline().test().pValue()).isLessThan(1e-20);
    assertThat(v.flagged()).isFalse();
    assertThat(v.verdict()).isEqualTo(Verdict.BALANCED);
  }

  @Test
  void belowTheMinimumSampleThereIsNoVerdict() {
    // 15 units, 2 arms: below 8 · 2; even all in one arm is not judged
    VersionSrm v = only(analyse(flag("tiny", cell("control", "control", null, null, 15))));
    assertThat(v.verdict()).isEqualTo(Verdict.NOT_ENOUGH_UNITS);
    assertThat(v.flagged()).isFalse();
    assertThat(v.adjustedPValue()).isNull();
    assertThat(v.headline().test().chiSquare().pValue()).isLessThan(0.001);
  }

  @Test
  void theSequentialTestAloneCanFlagAfterAnEarlierLook() {
    // night 1: a strong imbalance (BF > 1,000); night 2: diluted below α for the fixed test
    SrmSettings settings = SrmSettings.DEFAULTS;
    SrmReport night1 = SrmAnalysis.analyse(List.of(flag("late", cell("control", "control", null, null, 60_000),
        cell("treatment", "treatment", null, null, 58_000))), settings, SequentialStates.empty(), "n1");
    assertThat(only(night1).headline().test().sequential().bayesFactor()).isGreaterThan(1000);
    SrmReport night2 = SrmAnalysis.analyse(List.of(flag("late",
            cell("control", "control", null, null, 600_000),
            cell("treatment", "treatment", null, null, 599_000))),
        settings, night1.states(), "n2");
    VersionSrm v = only(night2);
    assertThat(v.headline().test().pValue()).isGreaterThan(0.001);
    assertThat(v.headline().test().sequential().looks()).isEqualTo(2);
    assertThat(v.flagged()).isTrue();
    assertThat(v.firstBrokenStage()).isEqualTo(Stage.RECOMPUTED);
  }

  @Test
  void aRerunOfTheSameNightReplacesItsLookInsteadOfAddingOne() {
    FlagVersionCounts counts = flag("rerun", cell("control", "control", null, null, 5_000),
        cell("treatment", "treatment", null, null, 5_100));
    SrmReport first = SrmAnalysis.analyse(List.of(counts), SrmSettings.DEFAULTS,
        SequentialStates.empty(), "2026-11-16");
    SrmReport rerun = SrmAnalysis.analyse(List.of(counts), SrmSettings.DEFAULTS, first.states(),
        "2026-11-16");
    assertThat(rerun.states()).isEqualTo(first.states());
    SequentialState state = rerun.states().find("rerun", 1).orElseThrow();
    assertThat(state.looks(Stage.ASSIGNED)).hasSize(1);
    SrmReport nextNight = SrmAnalysis.analyse(List.of(counts), SrmSettings.DEFAULTS, rerun.states(),
        "2026-11-17");
    assertThat(nextNight.states().find("rerun", 1).orElseThrow().looks(Stage.ASSIGNED)).hasSize(2);
  }

  @Test
  void statesOfFlagVersionsNotInTheRunAreKept() {
    SequentialState old = SequentialState.empty("retired", 3)
        .record(Stage.ASSIGNED, new Look("2026-10-01", 100, 1.5));
    SrmReport report = SrmAnalysis.analyse(List.of(flag("new", cell("control", "control", null, null, 500),
        cell("treatment", "treatment", null, null, 500))), SrmSettings.DEFAULTS,
        SequentialStates.of(10_000, List.of(old)), "2026-11-16");
    assertThat(report.states().find("retired", 3)).contains(old);
    assertThat(report.states().find("new", 1)).isPresent();
  }

  @Test
  void eachConfigVersionIsTestedOnItsOwnAndTheFlaggedOneIsReported() {
    FlagVersionCounts v1 = new FlagVersionCounts("multi", 1, HALVES,
        List.of(cell("control", "control", null, null, 10_000),
            cell("treatment", "treatment", null, null, 9_000)), List.of());
    FlagVersionCounts v2 = new FlagVersionCounts("multi", 2,
        Map.of("all", Map.of("control", 1.0, "treatment", 3.0)),
        List.of(cell("control", "control", null, null, 2_500),
            cell("treatment", "treatment", null, null, 7_500)), List.of());
    SrmReport report = analyse(v2, v1);
    FlagSrm flag = report.flags().get(0);
    assertThat(flag.versions()).extracting(VersionSrm::flagVersion).containsExactly(1L, 2L);
    assertThat(flag.versions().get(1).flagged()).isFalse();
    assertThat(flag.flagged()).isTrue();
    assertThat(flag.reported().flagVersion()).isEqualTo(1);
    assertThat(report.findings()).extracting(Finding::flagVersion).containsExactly(1L);
  }

  @Test
  void looksComputedWithAnotherConcentrationAreNotMixedIn() {
    SequentialStates c100 = SequentialStates.of(100, List.of(SequentialState.empty("f", 1)
        .record(Stage.ASSIGNED, new Look("n0", 10, 0.5))));
    assertThatThrownBy(() -> SrmAnalysis.analyse(List.of(), SrmSettings.DEFAULTS, c100, "n1"))
        .hasMessage("the sequential states were computed with prior concentration 100.0 but"
            + " srm.prior_concentration is 10000.0: keep it, or start a new state folder");
  }

  @Test
  void theSameFlagVersionTwiceIsAnError() {
    FlagVersionCounts counts = flag("twice", cell("control", "control", null, null, 1));
    assertThatThrownBy(() -> analyse(counts, counts))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("counts for flag twice v1 are given twice");
  }

  @Test
  void aLookNeedsAnId() {
    assertThatThrownBy(() -> SrmAnalysis.analyse(List.of(), SrmSettings.DEFAULTS,
        SequentialStates.empty(), ""))
        .hasMessageContaining("a look id is required");
  }
}
