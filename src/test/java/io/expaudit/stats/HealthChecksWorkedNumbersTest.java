package io.expaudit.stats;

import static io.expaudit.stats.Digits.assertRoundsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every worked number of health-checks §1 (and the jumper-exclusion example of §3.3), to the
 * digits printed there. The spec computed them with scipy 1.17 and Optimizely's {@code ssrm_test}.
 */
class HealthChecksWorkedNumbersTest {
  private static final double[] HALVES = {1, 1};

  private static double[] counts(long... counts) {
    double[] x = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      x[i] = counts[i];
    }
    return x;
  }

  /** §1.2, the table of worked chi-square examples. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "brief's example;       50000 51000;         1 1;   9.90099; 1; 0.0016519",
      "Kohavi ch. 21;         821588 815482;       1 1;   22.7744; 1; 1.82e-6",
      "Vermeer healthy;       502 498;             1 1;   0.016;   1; 0.8993",
      "Vermeer broken;        600 400;             1 1;   40.0;    1; 2.54e-10",
      "unequal 80/20;         80500 19500;         80 20; 15.625;  1; 7.72e-5",
      "Statsig 3 arms;        166080 171180 166300; 1 1 1; 99.0404; 2; 3.12e-22"})
  void chiSquareReproducesTheWorkedExamples(String name, String observed, String weights,
      String chi2, int df, String p) {
    double[] o = parse(observed);
    double[] w = parse(weights);
    ChiSquare result = ChiSquareTest.goodnessOfFit(o, w);
    assertRoundsTo(result.statistic(), chi2);
    assertThat(result.df()).isEqualTo(df);
    assertRoundsTo(result.pValue(), p);
  }

  @Test
  void expectedCountsOfTheWorkedExamplesAreTheConfiguredShareOfTheTotal() {
    TestResult brief = SrmTest.test(List.of("control", "treatment"), new long[] {50_000, 51_000},
        HALVES, List.of(), SrmSettings.DEFAULTS);
    assertThat(brief.expected()).containsExactly(Map.entry("control", 50_500.0),
        Map.entry("treatment", 50_500.0));
    TestResult statsig = SrmTest.test(List.of("a", "b", "c"), new long[] {166_080, 171_180, 166_300},
        new double[] {1, 1, 1}, List.of(), SrmSettings.DEFAULTS);
    assertRoundsTo(statsig.expected().get("a"), "167853.3");
    // df = 2: p = exp(-X²/2)
    assertThat(statsig.pValue()).isCloseTo(Math.exp(-statsig.chiSquare().statistic() / 2),
        within(1e-12 * Math.abs(statsig.pValue())));
  }

  /** §1.2: the brief's example fires at 0.01 but not at 0.001 or 0.0005. */
  @Test
  void theBriefsExampleIsFlaggedAtOnePercentButNotAtTheDefaults() {
    List<String> arms = List.of("control", "treatment");
    long[] counts = {50_000, 51_000};
    for (double alpha : new double[] {0.001, 0.0005}) {
      TestResult r = SrmTest.test(arms, counts, HALVES, List.of(), SrmSettings.DEFAULTS.withAlpha(alpha));
      assertThat(SrmTest.flagged(r, SrmSettings.DEFAULTS.withAlpha(alpha))).as("alpha %s", alpha).isFalse();
    }
    // the sequential test alone would not fire at BF 100 either (BF = 27.14), so this is the fixed test
    SrmSettings lenient = SrmSettings.DEFAULTS.withAlpha(0.01);
    assertThat(SrmTest.flagged(SrmTest.test(arms, counts, HALVES, List.of(), lenient), lenient)).isTrue();
  }

  /** §1.2: critical values of X². */
  @ParameterizedTest
  @CsvSource({"0.01, 1, 6.635", "0.001, 1, 10.828", "0.0005, 1, 12.116", "0.0001, 1, 15.137",
      "0.01, 2, 9.210", "0.001, 2, 13.816", "0.0005, 2, 15.202", "0.0001, 2, 18.421"})
  void criticalValues(double alpha, int df, String critical) {
    assertRoundsTo(ChiSquareTest.criticalValue(alpha, df), critical);
    assertThat(ChiSquareTest.upperTail(ChiSquareTest.criticalValue(alpha, df), df))
        .isCloseTo(alpha, within(1e-8 * alpha));
  }

  /** §1.2: with 2 arms the chi-square is the square of the one-sample z statistic. */
  @Test
  void twoArmChiSquareIsTheSquaredZ() {
    double n = 80_500 + 19_500;
    double z = (80_500 - n * 0.8) / Math.sqrt(n * 0.8 * 0.2);
    assertThat(ChiSquareTest.goodnessOfFit(counts(80_500, 19_500), new double[] {0.8, 0.2}).statistic())
        .isCloseTo(z * z, offset(1e-9));
  }

  /** §1.2: the smallest shift of the treatment share from 50 % that fires, in percentage points. */
  @ParameterizedTest
  @CsvSource({"10000, 1.65, 2.69", "100000, 0.52, 0.67", "1000000, 0.16, 0.22",
      "10000000, 0.05, 0.07"})
  void sensitivityTable(double units, String chiSquareShift, String sequentialShift) {
    double alpha = 0.001;
    double chi = smallestFiringShift(units,
        d -> ChiSquareTest.goodnessOfFit(new double[] {units * (0.5 + d), units * (0.5 - d)}, HALVES)
            .pValue() < alpha);
    double seq = smallestFiringShift(units,
        d -> SequentialSrmTest.logBayesFactor(new double[] {units * (0.5 + d), units * (0.5 - d)},
            HALVES, 10_000) >= Math.log(1 / alpha));
    assertRoundsTo(100 * chi, chiSquareShift);
    assertRoundsTo(100 * seq, sequentialShift);
  }

  private static double smallestFiringShift(double units, DoublePredicate fires) {
    double low = 0;
    double high = 0.5;
    assertThat(fires.test(high)).isTrue();
    for (int i = 0; i < 100; i++) {
      double mid = (low + high) / 2;
      if (fires.test(mid)) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return high;
  }

  /** §1.7, the table of worked sequential examples (c = 10,000, prior mean = the design). */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "50000 51000;          1 1;   3.3011;  27.14;  0.0368;   0.00165",
      "821588 815482;        1 1;   8.7660;  6,412;  1.56e-4;  1.82e-6",
      "600 400;              1 1;   1.7708;  5.875;  0.170;    2.5e-10",
      "166080 171180 166300; 1 1 1; 44.4632; 2.04e19; 4.90e-20; 3.1e-22"})
  void sequentialReproducesTheWorkedExamples(String observed, String weights, String logBf,
      String bf, String pSeq, String pChi) {
    double[] o = parse(observed);
    double[] w = parse(weights);
    double lnBf = SequentialSrmTest.logBayesFactor(o, w, 10_000);
    assertRoundsTo(lnBf, logBf);
    assertRoundsTo(SequentialSrmTest.bayesFactor(lnBf), bf);
    assertRoundsTo(SequentialSrmTest.pValue(lnBf), pSeq);
    assertRoundsTo(ChiSquareTest.goodnessOfFit(o, w).pValue(), pChi);
  }

  /** §1.7: what ssrm_test.sequential_p_values returns for rows 1, 2 and 4. */
  @Test
  void sequentialPValuesMatchOptimizelysSsrmToItsDigits() {
    assertRoundsTo(SequentialSrmTest.pValue(
        SequentialSrmTest.logBayesFactor(counts(50_000, 51_000), HALVES, 10_000)), "0.036842");
    assertRoundsTo(SequentialSrmTest.pValue(
        SequentialSrmTest.logBayesFactor(counts(821_588, 815_482), HALVES, 10_000)), "1.5595e-4");
    assertRoundsTo(SequentialSrmTest.pValue(SequentialSrmTest.logBayesFactor(
        counts(166_080, 171_180, 166_300), new double[] {1, 1, 1}, 10_000)), "4.8965e-20");
  }

  /** §1.7: 821,588 / 815,482 fires the sequential test at 0.001; 50,000 / 51,000 does not. */
  @Test
  void theKohaviExampleFiresTheSequentialTestAtItsDefault() {
    List<String> arms = List.of("a", "b");
    TestResult kohavi = SrmTest.test(arms, new long[] {821_588, 815_482}, HALVES, List.of(),
        SrmSettings.DEFAULTS);
    assertThat(kohavi.sequentialReached(SrmSettings.DEFAULTS)).isTrue();
    TestResult brief = SrmTest.test(arms, new long[] {50_000, 51_000}, HALVES, List.of(),
        SrmSettings.DEFAULTS);
    assertThat(brief.sequentialReached(SrmSettings.DEFAULTS)).isFalse();
  }

  /** §1.7: the result depends on c. */
  @ParameterizedTest
  @CsvSource({"100, 0.227", "1000, 0.075", "10000, 0.037", "100000, 0.118"})
  void sequentialPValueDependsOnTheConcentration(double c, String pSeq) {
    assertRoundsTo(SequentialSrmTest.pValue(
        SequentialSrmTest.logBayesFactor(counts(50_000, 51_000), HALVES, c)), pSeq);
  }

  /**
   * §1.7, daily accumulation: 10 nights of 5,000 / 5,100 looked at every night through the audit's
   * entry point, with the state carried from night to night.
   */
  @Test
  void dailyAccumulationThroughTheNightlyState() {
    Map<Integer, String[]> printed = Map.of(
        1, new String[] {"0.320", "1.0"},
        4, new String[] {"0.047", "0.459"},
        7, new String[] {"0.0085", "0.136"},
        10, new String[] {"0.00165", "0.0368"});
    SequentialStates states = SequentialStates.empty();
    List<Double> sequential = new ArrayList<>();
    for (int night = 1; night <= 10; night++) {
      FlagVersionCounts counts = new FlagVersionCounts("checkout", 3,
          Map.of("all", Map.of("control", 1.0, "treatment", 1.0)),
          List.of(new FunnelCell("all", "control", "control", null, null, 5_000L * night),
              new FunnelCell("all", "treatment", "treatment", null, null, 5_100L * night)),
          List.of());
      SrmReport report = SrmAnalysis.analyse(List.of(counts), SrmSettings.DEFAULTS, states,
          "2026-11-" + (10 + night));
      states = report.states();
      VersionSrm v = report.flags().get(0).versions().get(0);
      assertThat(v.stage()).isEqualTo(Stage.ASSIGNED);
      assertThat(v.headline().test().sequential().looks()).isEqualTo(night);
      sequential.add(v.sequentialPValue());
      if (printed.containsKey(night)) {
        assertRoundsTo(v.headline().test().pValue(), printed.get(night)[0]);
        assertRoundsTo(v.sequentialPValue(), printed.get(night)[1]);
      }
      assertThat(v.flagged()).isFalse();
    }
    // a running minimum never rises
    for (int i = 1; i < sequential.size(); i++) {
      assertThat(sequential.get(i)).isLessThanOrEqualTo(sequential.get(i - 1));
    }
  }

  /** §1.8: the worked Benjamini–Hochberg example (10 flags, q = 0.01). */
  @Test
  void benjaminiHochbergFlagsFourWhereFixedAlphaFlagsThreeAndBonferroniTwo() {
    double[] p = {0.5, 1.2e-7, 0.002, 0.9, 3e-5, 0.011, 0.03, 4e-4, 0.7, 0.2};
    double[] adjusted = MultipleTesting.benjaminiHochberg(p);
    assertThat(countBelow(adjusted, 0.01)).isEqualTo(4);
    for (int i = 0; i < p.length; i++) {
      assertThat(adjusted[i] < 0.01).as("p = %s", p[i]).isEqualTo(p[i] <= 0.002);
    }
    assertThat(countBelow(p, 0.001)).isEqualTo(3);
    assertThat(countBelow(p, MultipleTesting.bonferroni(0.001, 10))).isEqualTo(2);
    assertThat(MultipleTesting.bonferroni(0.001, 10)).isEqualTo(1e-4);
  }

  /**
   * §3.3: excluding jumpers from an 80/20 design where 10 % of units get one re-draw leaves
   * 78.4 % vs 18.4 %: X² = 595, p ≈ 2e-131, an SRM created by the exclusion rule alone.
   */
  @Test
  void jumperExclusionInAnUnequalSplitCreatesAnSrmTheAuditAttributesToIt() {
    Map<String, Map<String, Double>> weights = Map.of("all", Map.of("A", 80.0, "B", 20.0));
    List<FunnelCell> cells = List.of(
        new FunnelCell("all", "A", "A", "A", "A", 784_000),
        new FunnelCell("all", "A", "A", "A", null, 16_000),
        new FunnelCell("all", "B", "B", "B", "B", 184_000),
        new FunnelCell("all", "B", "B", "B", null, 16_000));
    SrmReport report = SrmAnalysis.analyse(
        List.of(new FlagVersionCounts("upsell", 1, weights, cells, List.of())),
        SrmSettings.DEFAULTS, SequentialStates.empty(), "2026-11-16");
    VersionSrm v = report.flags().get(0).versions().get(0);
    assertRoundsTo(v.headline().test().chiSquare().statistic(), "595");
    assertRoundsTo(v.headline().test().pValue(), "2e-131");
    assertThat(v.funnel().get(Stage.EXPOSED.ordinal()).test().chiSquare().statistic()).isZero();
    assertThat(v.flagged()).isTrue();
    assertThat(v.firstBrokenStage()).isEqualTo(Stage.ANALYSED);
    assertThat(v.cause()).isEqualTo(Cause.JUMPER_EXCLUSION);
  }

  private static long countBelow(double[] values, double level) {
    return Arrays.stream(values).filter(v -> v < level).count();
  }

  private static double[] parse(String spaced) {
    return Arrays.stream(spaced.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
  }
}
