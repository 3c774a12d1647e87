package io.expaudit.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The edge cases issue 4 names, through both entry points (plain counts and the audit's counts). */
class EdgeCasesTest {
  private static final SrmSettings DEFAULTS = SrmSettings.DEFAULTS;

  private static VersionSrm analyse(Map<String, Map<String, Double>> weights, FunnelCell... cells) {
    return SrmAnalysis.analyse(List.of(new FlagVersionCounts("edge", 1, weights, List.of(cells),
            List.of())), DEFAULTS, SequentialStates.empty(), "n1")
        .flags().get(0).versions().get(0);
  }

  private static FunnelCell assigned(String recomputed, String logged, long units) {
    return new FunnelCell("all", recomputed, logged, null, null, units);
  }

  @Test
  void aVariantWithZeroUnitsIsTestedNotDropped() {
    TestResult r = SrmTest.test(List.of("control", "treatment"), new long[] {1_000, 0},
        new double[] {1, 1}, List.of(), DEFAULTS);
    assertThat(r.variants()).containsExactly("control", "treatment");
    assertThat(r.chiSquare().df()).isEqualTo(1);
    assertThat(r.chiSquare().statistic()).isEqualTo(1_000.0);
    assertThat(SrmTest.flagged(r, DEFAULTS)).isTrue();

    // in the audit: every treatment unit logged as control
    VersionSrm v = analyse(Map.of("all", Map.of("control", 1.0, "treatment", 1.0)),
        assigned("control", "control", 500), assigned("treatment", "control", 500));
    TestResult test = v.headline().test();
    assertThat(test.observed()).containsExactly(Map.entry("control", 1_000L), Map.entry("treatment", 0L));
    assertThat(v.flagged()).isTrue();
    assertThat(v.cause()).isEqualTo(Cause.ASSIGNMENT_SIDE);
  }

  @Test
  void aSingleVariantFlagHasNothingToTest() {
    TestResult r = SrmTest.test(List.of("on"), new long[] {5_000}, new double[] {1}, List.of(),
        DEFAULTS);
    assertThat(r.gate()).isEqualTo(Verdict.NOT_TESTABLE);
    assertThat(r.chiSquare()).isNull();
    assertThat(r.sequential().pValue()).isEqualTo(1.0);
    assertThat(SrmTest.flagged(r, DEFAULTS)).isFalse();

    SrmReport report = SrmAnalysis.analyse(List.of(new FlagVersionCounts("release", 9,
            Map.of("all", Map.of("on", 1.0)), List.of(assigned("on", "on", 5_000)), List.of())),
        DEFAULTS, SequentialStates.empty(), "n1");
    VersionSrm v = report.flags().get(0).versions().get(0);
    assertThat(v.verdict()).isEqualTo(Verdict.NOT_TESTABLE);
    assertThat(v.adjustedPValue()).isNull();
    assertThat(v.sequentialPValue()).isNull();
    assertThat(report.findings()).isEmpty();
    assertThat(report.states().states()).isEmpty();
  }

  @Test
  void zeroUnitsOverallIsNotEnoughUnits() {
    TestResult r = SrmTest.test(List.of("a", "b"), new long[] {0, 0}, new double[] {1, 1},
        List.of(), DEFAULTS);
    assertThat(r.gate()).isEqualTo(Verdict.NOT_ENOUGH_UNITS);
    assertThat(r.units()).isZero();
    assertThat(r.chiSquare()).isNull();
    assertThat(r.effect()).isNull();
    assertThat(r.expected()).containsExactly(Map.entry("a", 0.0), Map.entry("b", 0.0));

    VersionSrm v = analyse(Map.of("all", Map.of("a", 1.0, "b", 1.0)));
    assertThat(v.verdict()).isEqualTo(Verdict.NOT_ENOUGH_UNITS);
    assertThat(v.stage()).isEqualTo(Stage.RECOMPUTED);
    assertThat(v.funnel()).allSatisfy(stage -> assertThat(stage.test().units()).isZero());
    assertThat(v.flagged()).isFalse();
  }

  @Test
  void aZeroWeightVariantIsLeftOutAndItsUnitsReportedApart() {
    TestResult r = SrmTest.test(List.of("a", "holdback", "b"), new long[] {500, 3, 520},
        new double[] {1, 0, 1}, List.of(), DEFAULTS);
    assertThat(r.variants()).containsExactly("a", "b");
    assertThat(r.chiSquare().df()).isEqualTo(1);
    assertThat(r.units()).isEqualTo(1_020);
    assertThat(r.outsideDesign()).containsExactly(Map.entry("holdback", 3L));
    assertThat(r.chiSquare().statistic())
        .isCloseTo(ChiSquareTest.goodnessOfFit(new double[] {500, 520}, new double[] {1, 1})
            .statistic(), within(1e-12));
    // the sequential test leaves it out too
    assertThat(r.sequential().logBayesFactor()).isCloseTo(SequentialSrmTest.logBayesFactor(
        new double[] {500, 520}, new double[] {1, 1}, 10_000), within(1e-12));

    VersionSrm v = analyse(Map.of("all", Map.of("a", 1.0, "holdback", 0.0, "b", 1.0)),
        assigned("a", "a", 500), assigned("b", "b", 520), assigned("b", "holdback", 3));
    assertThat(v.headline().test().variants()).containsExactly("a", "b");
    assertThat(v.headline().test().outsideDesign()).containsExactly(Map.entry("holdback", 3L));
  }

  @Test
  void aVariantInTheLogsButNotInTheConfigIsReportedApart() {
    VersionSrm v = analyse(Map.of("all", Map.of("control", 1.0, "treatment", 1.0)),
        assigned("control", "control", 10_000), assigned("treatment", "treatment", 10_000),
        assigned("treatment", "treatment-v2", 40));
    TestResult test = v.headline().test();
    assertThat(test.variants()).containsExactly("control", "treatment");
    assertThat(test.outsideDesign()).containsExactly(Map.entry("treatment-v2", 40L));
    assertThat(test.units()).isEqualTo(20_000);
    assertThat(test.chiSquare().statistic()).isZero();
  }

  @Test
  void countsBeyondTwoToTheThirtyFirstStayExact() {
    long control = 3_000_000_000L;
    long treatment = 3_000_100_000L;
    TestResult r = SrmTest.test(List.of("control", "treatment"), new long[] {control, treatment},
        new double[] {1, 1}, List.of(), DEFAULTS);
    assertThat(r.units()).isEqualTo(6_000_100_000L);
    assertThat(r.observed().get("treatment")).isEqualTo(treatment);
    // X² = 2 · 50,000² / 3,000,050,000, computed in decimal
    double exact = new BigDecimal(2L * 50_000L * 50_000L)
        .divide(new BigDecimal(3_000_050_000L), MathContext.DECIMAL64).doubleValue();
    assertThat(r.chiSquare().statistic()).isCloseTo(exact, within(1e-9));
    assertThat(r.sequential().logBayesFactor()).isFinite();
    assertThat(r.sequential().pValue()).isBetween(0.0, 1.0);

    VersionSrm v = analyse(Map.of("all", Map.of("control", 1.0, "treatment", 1.0)),
        assigned("control", "control", control), assigned("treatment", "treatment", treatment));
    assertThat(v.headline().test().units()).isEqualTo(6_000_100_000L);
    assertThat(v.headline().test().chiSquare().statistic()).isCloseTo(exact, within(1e-9));
  }

  @Test
  void badPlainCountsAreRefusedWithTheirPosition() {
    assertThatThrownBy(() -> SrmTest.test(List.of("a", "b"), new long[] {1, -2},
        new double[] {1, 1}, List.of(), DEFAULTS)).hasMessage("count 2 is negative: -2");
    assertThatThrownBy(() -> SrmTest.test(List.of("a", "b"), new long[] {1, 2},
        new double[] {1, Double.NaN}, List.of(), DEFAULTS))
        .hasMessage("weight 2 must be finite and non-negative: NaN");
    assertThatThrownBy(() -> SrmTest.test(List.of("a", "b"), new long[] {1, 2},
        new double[] {1}, List.of(), DEFAULTS)).hasMessage("there are 2 counts but 1 weights");
    assertThatThrownBy(() -> SrmTest.test(List.of("a", "a"), new long[] {1, 2},
        new double[] {1, 1}, List.of(), DEFAULTS))
        .hasMessage("there are 2 counts but 2 variant names, or a name repeats: [a, a]");
    assertThatThrownBy(() -> new FlagVersionCounts("f", 1, Map.of("s", Map.of("a", -1.0)),
        List.of(), List.of())).hasMessage("flag f v1 segment s: weight of variant a must be finite and >= 0: -1.0");
  }

  @Test
  void settingsRefuseValuesOutsideTheirRange() {
    assertThatThrownBy(() -> DEFAULTS.withAlpha(0)).hasMessage("srm.alpha must be in (0, 1): 0.0");
    assertThatThrownBy(() -> DEFAULTS.withBayesFactorThreshold(1))
        .hasMessage("srm.bayes_factor_threshold must be greater than 1: 1.0");
    assertThatThrownBy(() -> DEFAULTS.withPriorConcentration(-1))
        .hasMessage("srm.prior_concentration must be positive: -1.0");
    assertThatThrownBy(() -> DEFAULTS.withMinUnitsPerVariant(-1))
        .hasMessage("srm.min_units_per_variant must not be negative: -1");
    assertThatThrownBy(() -> DEFAULTS.withMinEffect(1.5)).hasMessage("srm.min_effect must be in (0, 1): 1.5");
    assertThat(DEFAULTS.sequentialAlpha()).isEqualTo(0.001);
  }
}
