package io.expaudit.stats;

import static io.expaudit.stats.Digits.assertRoundsTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.model.Finding;
import io.expaudit.model.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The drill-down by pre-treatment slices, on the worked example of health-checks §5.3. */
class DrillDownTest {
  private static final Map<String, Map<String, Double>> HALVES =
      Map.of("all", Map.of("control", 1.0, "treatment", 1.0));

  /** Design 50/50; control/treatment units: iOS 20,000/20,100; Android 30,000/27,000; Web 50,000/50,150. */
  private static FlagVersionCounts threePlatforms() {
    long[][] platforms = {{20_000, 20_100}, {30_000, 27_000}, {50_000, 50_150}};
    String[] names = {"iOS", "Android", "Web"};
    List<FunnelCell> cells = new ArrayList<>();
    List<SliceCell> slices = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      FunnelCell control = assigned("control", platforms[i][0]);
      FunnelCell treatment = assigned("treatment", platforms[i][1]);
      cells.add(control);
      cells.add(treatment);
      slices.add(new SliceCell("platform", names[i], control));
      slices.add(new SliceCell("platform", names[i], treatment));
    }
    return new FlagVersionCounts("paywall", 7, HALVES, cells, slices);
  }

  private static FunnelCell assigned(String variant, long units) {
    return new FunnelCell("all", variant, variant, null, null, units);
  }

  private static VersionSrm analyse(FlagVersionCounts counts) {
    return SrmAnalysis.analyse(List.of(counts), SrmSettings.DEFAULTS, SequentialStates.empty(),
        "2026-11-16").flags().get(0).versions().get(0);
  }

  @Test
  void overallTestOfTheWorkedExample() {
    VersionSrm v = analyse(threePlatforms());
    TestResult overall = v.headline().test();
    assertThat(overall.observed()).containsExactly(Map.entry("control", 100_000L),
        Map.entry("treatment", 97_250L));
    assertRoundsTo(overall.chiSquare().statistic(), "38.34");
    assertRoundsTo(overall.pValue(), "5.9e-10");
    assertThat(v.flagged()).isTrue();
  }

  @Test
  void perSliceTestsWithBonferroniFlagOnlyAndroid() {
    DrillDown drill = analyse(threePlatforms()).drillDown();
    assertThat(drill.slicesTested()).isEqualTo(3);
    assertRoundsTo(drill.sliceAlpha(), "3.3e-4");
    Map<String, SliceResult> byValue = byValue(drill);
    assertRoundsTo(byValue.get("iOS").test().chiSquare().statistic(), "0.249");
    assertRoundsTo(byValue.get("iOS").test().pValue(), "0.618");
    assertRoundsTo(byValue.get("Android").test().chiSquare().statistic(), "157.9");
    assertRoundsTo(byValue.get("Android").test().pValue(), "3.3e-36");
    assertRoundsTo(byValue.get("Web").test().chiSquare().statistic(), "0.225");
    assertRoundsTo(byValue.get("Web").test().pValue(), "0.636");
    assertThat(byValue.get("Android").verdict()).isEqualTo(Verdict.MISMATCH);
    assertThat(byValue.get("iOS").verdict()).isEqualTo(Verdict.BALANCED);
    assertThat(byValue.get("Web").verdict()).isEqualTo(Verdict.BALANCED);
  }

  @Test
  void excessControlUnitsPerSliceAddUpToTheOverallExcess() {
    Map<String, SliceResult> byValue = byValue(analyse(threePlatforms()).drillDown());
    assertThat(byValue.get("iOS").excess().get("control")).isEqualTo(-50.0);
    assertThat(byValue.get("Android").excess().get("control")).isEqualTo(1_500.0);
    assertThat(byValue.get("Web").excess().get("control")).isEqualTo(-75.0);
    double sum = byValue.values().stream().mapToDouble(s -> s.excess().get("control")).sum();
    assertThat(sum).isEqualTo(1_375.0);
    assertThat(byValue.get("Android").excessUnits()).isEqualTo(1_500.0);
  }

  @Test
  void leaveOneOutRestoresBalanceOnlyWithoutAndroid() {
    Map<String, SliceResult> byValue = byValue(analyse(threePlatforms()).drillDown());
    assertRoundsTo(byValue.get("Android").leaveOneOut().statistic(), "0.446");
    assertRoundsTo(byValue.get("Android").leaveOneOut().pValue(), "0.50");
    assertRoundsTo(byValue.get("iOS").leaveOneOut().pValue(), "6.5e-13");
    assertRoundsTo(byValue.get("Web").leaveOneOut().pValue(), "1.3e-20");
  }

  @Test
  void heterogeneityAcrossPlatforms() {
    DimensionResult platform = analyse(threePlatforms()).drillDown().dimensions().get(0);
    assertThat(platform.dimension()).isEqualTo("platform");
    assertThat(platform.slices()).isEqualTo(3);
    assertRoundsTo(platform.heterogeneity().statistic(), "120.05");
    assertThat(platform.heterogeneity().df()).isEqualTo(2);
    assertRoundsTo(platform.heterogeneity().pValue(), "8.5e-27");
  }

  @Test
  void slicesAreRankedByExcessUnitsAndTheFindingNamesTheTopSlice() {
    VersionSrm v = analyse(threePlatforms());
    assertThat(v.drillDown().slices()).extracting(SliceResult::value)
        .containsExactly("Android", "Web", "iOS");
    List<Finding> findings = SrmAnalysis.findings(v);
    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).detail())
        .contains("Top slice: platform=Android with 1,500 excess units (p = 3.26e-36), p = 0.504"
            + " without it");
  }

  @Test
  void slicesOfDifferentSegmentsAreTestedAgainstTheirOwnSplit() {
    // US users are in a 90/10 segment, everyone else in 50/50; nothing is wrong
    Map<String, Map<String, Double>> weights = Map.of(
        "us", Map.of("control", 90.0, "treatment", 10.0),
        "rest", Map.of("control", 50.0, "treatment", 50.0));
    List<SliceCell> slices = new ArrayList<>();
    List<FunnelCell> cells = new ArrayList<>();
    addSlice(cells, slices, "US", new FunnelCell("us", "control", "control", null, null, 9_000),
        new FunnelCell("us", "treatment", "treatment", null, null, 1_000));
    addSlice(cells, slices, "DE", new FunnelCell("rest", "control", "control", null, null, 5_000),
        new FunnelCell("rest", "treatment", "treatment", null, null, 5_000));
    addSlice(cells, slices, "FR", new FunnelCell("rest", "control", "control", null, null, 2_000),
        new FunnelCell("rest", "treatment", "treatment", null, null, 2_000));
    VersionSrm v = analyse(new FlagVersionCounts("geo", 2, weights, cells, slices));
    assertThat(v.headline().test().chiSquare().statistic()).isZero();
    assertThat(v.flagged()).isFalse();
    DrillDown drill = v.drillDown();
    for (SliceResult slice : drill.slices()) {
      assertThat(slice.test().chiSquare().statistic()).as(slice.value()).isZero();
      assertThat(slice.excessUnits()).isZero();
      assertThat(slice.leaveOneOut().statistic()).isZero();
    }
    // the splits differ by design, not by fault: the heterogeneity test knows the design
    assertThat(drill.dimensions().get(0).heterogeneity().statistic()).isLessThan(1e-9);
  }

  private static void addSlice(List<FunnelCell> cells, List<SliceCell> slices, String country,
      FunnelCell... cellsOfSlice) {
    for (FunnelCell cell : cellsOfSlice) {
      cells.add(cell);
      slices.add(new SliceCell("country", country, cell));
    }
  }

  @Test
  void aSliceMismatchInAFlagThatIsNotFlaggedIsAWarning() {
    // one small slice with half its treatment units lost; the flag as a whole stays within α
    List<FunnelCell> cells = new ArrayList<>();
    List<SliceCell> slices = new ArrayList<>();
    addSlice(cells, slices, "big", assigned("control", 500_000), assigned("treatment", 500_000));
    addSlice(cells, slices, "small", assigned("control", 1_000), assigned("treatment", 800));
    VersionSrm v = analyse(new FlagVersionCounts("quiet", 1, HALVES, cells, slices));
    assertThat(v.flagged()).isFalse();
    List<Finding> findings = SrmAnalysis.findings(v);
    assertThat(findings).hasSize(1);
    Finding warning = findings.get(0);
    assertThat(warning.severity()).isEqualTo(Severity.WARN);
    assertThat(warning.cause()).isEqualTo("CAPTURE_SIDE");
    assertThat(warning.detail()).contains("slice country=small");
    assertThat(warning.pValue()).isLessThan(0.001);
  }

  @Test
  void onlyTheConfiguredNumberOfSlicesIsKeptButEveryMismatchedOne() {
    List<FunnelCell> cells = new ArrayList<>();
    List<SliceCell> slices = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      addSlice(cells, slices, "c" + i, assigned("control", 1_000 + i), assigned("treatment", 1_000));
    }
    addSlice(cells, slices, "broken", assigned("control", 1_000), assigned("treatment", 500));
    SrmSettings three = new SrmSettings(0.001, 1000, 10_000, 8, null, List.of("country"), 3);
    VersionSrm v = SrmAnalysis.analyse(List.of(new FlagVersionCounts("many", 1, HALVES, cells, slices)),
        three, SequentialStates.empty(), "n1").flags().get(0).versions().get(0);
    assertThat(v.drillDown().slicesTested()).isEqualTo(31);
    assertThat(v.drillDown().dimensions().get(0).slices()).isEqualTo(31);
    assertThat(v.drillDown().slices()).extracting(SliceResult::value)
        .containsExactly("broken", "c29", "c28");
  }

  private static Map<String, SliceResult> byValue(DrillDown drill) {
    Map<String, SliceResult> map = new HashMap<>();
    drill.slices().forEach(s -> map.put(s.value(), s));
    return map;
  }
}
