package io.expaudit.stats;

import io.expaudit.model.Finding;
import io.expaudit.model.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The {@code SAMPLE_RATIO_MISMATCH} check (DESIGN.md, Checks): from the aggregated counts of every
 * flag version of a run, the SRM test at each funnel stage, the decision to flag, the stage and
 * cause of the fault, and the drill-down by slices.
 *
 * <p>Definition. For each flag version the allocated units are counted per variant at four stages
 * (recomputed → assigned → exposed → analysed, see {@link Stage}); the expected split is the
 * configured weights of the segment each unit was recomputed into, summed over units
 * (E_i = Σ_seg n_seg · w_seg,i / Σ w_seg). Each stage gets Pearson's chi-square (df = k − 1,
 * health-checks §1.2) and the Dirichlet–multinomial sequential test (§1.7), whose looks persist in
 * {@link SequentialStates}. The headline stage is the last with units. A version is <b>flagged</b>
 * when its headline stage passes the minimum-sample gate (8·k units by default) and the optional
 * effect floor, and either its fixed p-value, adjusted by Benjamini–Hochberg across all flag
 * versions tested in the run, is below α, or its sequential Bayes factor reached the threshold at
 * some look (sequential p ≤ 1 / threshold). Then the first broken stage of the funnel is named and
 * its cause decided ({@link Cause}); slices are tested with Bonferroni across the slices of the
 * version (§5.3).
 *
 * <p>Default gate: α = 0.001, BF ≥ 1,000, c = 10,000, 8 units per variant ({@link SrmSettings}).
 * Severity: ERROR for a flagged version; WARN for a mismatched slice of a version not flagged.
 */
public final class SrmAnalysis {
  /** The check id of the findings. */
  public static final String CHECK = "SAMPLE_RATIO_MISMATCH";

  private SrmAnalysis() {}

  /**
   * Runs the SRM statistics of one audit run.
   *
   * @param counts one entry per (flag, config version); a pair may appear once
   * @param previous the sequential states read from the state folder (empty for none)
   * @param lookId what identifies this run as a look of the sequential test, e.g. the night's date
   *     ({@code 2026-11-16}): a rerun with the same id replaces that look instead of adding one.
   *     The nightly job must audit a window from the experiment's start (cumulative counts).
   */
  public static SrmReport analyse(List<FlagVersionCounts> counts, SrmSettings settings,
      SequentialStates previous, String lookId) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(previous, "previous");
    if (lookId == null || lookId.isEmpty()) {
      throw new IllegalArgumentException("a look id is required (e.g. the night's date)");
    }
    if (previous.priorConcentration() != null
        && previous.priorConcentration() != settings.priorConcentration()) {
      throw new IllegalArgumentException("the sequential states were computed with prior"
          + " concentration " + previous.priorConcentration() + " but srm.prior_concentration is "
          + settings.priorConcentration() + ": keep it, or start a new state folder");
    }
    Map<String, SequentialState> states = new LinkedHashMap<>();
    previous.states().forEach(s -> states.put(key(s.flagKey(), s.flagVersion()), s));

    List<Tested> tested = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (FlagVersionCounts version : counts) {
      String key = key(version.flagKey(), version.flagVersion());
      if (!seen.add(key)) {
        throw new IllegalArgumentException("counts for flag " + version.flagKey() + " v"
            + version.flagVersion() + " are given twice");
      }
      Design design = Design.of(version.segmentWeights());
      SequentialState state = states.getOrDefault(
          key, SequentialState.empty(version.flagKey(), version.flagVersion()));
      List<Population> populations = new ArrayList<>();
      List<TestResult> results = new ArrayList<>();
      for (Stage stage : Stage.values()) {
        Population population = Population.of(design, version.cells(), stage);
        Sequential sequential = null;
        if (population.units > 0 && design.arms.size() >= 2) {
          double logBf = SrmTest.logBayesFactor(population, settings.priorConcentration());
          long units = inDesign(population);
          state = state.record(stage, new Look(lookId, units, logBf));
          sequential = state.sequential(stage, lookId);
        }
        populations.add(population);
        results.add(SrmTest.evaluate(population, settings, sequential));
      }
      if (!state.looks().isEmpty()) {
        states.put(key, state);
      }
      Stage headline = Stage.RECOMPUTED;
      for (Stage stage : Stage.values()) {
        if (populations.get(stage.ordinal()).units > 0) {
          headline = stage;
        }
      }
      tested.add(new Tested(key, version, design, populations, results, headline));
    }

    // Benjamini–Hochberg across the flag versions whose headline stage could be judged
    List<Tested> judged = tested.stream().filter(t -> t.headlineTest().gate() == null).toList();
    double[] adjusted = MultipleTesting.benjaminiHochberg(
        judged.stream().mapToDouble(t -> t.headlineTest().chiSquare().pValue()).toArray());
    Map<String, Double> adjustedByKey = new HashMap<>();
    for (int i = 0; i < judged.size(); i++) {
      adjustedByKey.put(judged.get(i).key, adjusted[i]);
    }

    List<Finding> findings = new ArrayList<>();
    Map<String, List<VersionSrm>> byFlag = new TreeMap<>();
    for (Tested t : tested) {
      Double adjustedP = adjustedByKey.get(t.key);
      TestResult headline = t.headlineTest();
      boolean flagged = headline.judge((adjustedP != null && adjustedP < settings.alpha())
          || headline.sequentialReached(settings)) == Verdict.MISMATCH;
      List<StageResult> funnel = new ArrayList<>();
      for (Stage stage : Stage.values()) {
        TestResult result = t.results.get(stage.ordinal());
        double[] parts = parts(t.populations.get(stage.ordinal()));
        boolean broken = result.judge(result.fixedBelow(settings.alpha())
            || result.sequentialReached(settings)) == Verdict.MISMATCH;
        funnel.add(new StageResult(stage, result, parts[0], parts[1], broken));
      }
      StageResult firstBroken = flagged
          ? funnel.stream().filter(StageResult::broken).findFirst().orElseThrow()
          : null;
      Stage drillStage = firstBroken == null ? t.headline : firstBroken.stage();
      DrillDown drillDown = t.version.slices().isEmpty()
          ? null
          : drillDown(t.design, t.version.slices(), drillStage, settings);
      VersionSrm result = new VersionSrm(t.version.flagKey(), t.version.flagVersion(), t.headline,
          funnel, adjustedP, flagged, firstBroken == null ? null : firstBroken.stage(),
          firstBroken == null ? null : firstBroken.likelyCause(), drillDown);
      byFlag.computeIfAbsent(t.version.flagKey(), k -> new ArrayList<>()).add(result);
      findings.addAll(findings(result));
    }
    List<FlagSrm> flags = byFlag.entrySet().stream()
        .map(e -> new FlagSrm(e.getKey(), e.getValue()))
        .toList();
    SequentialStates after = states.isEmpty()
        ? SequentialStates.empty()
        : SequentialStates.of(settings.priorConcentration(), states.values());
    return new SrmReport(flags, findings, after);
  }

  /** A flag version with its stage tallies and tests, before the run-wide decision. */
  private record Tested(String key, FlagVersionCounts version, Design design,
      List<Population> populations, List<TestResult> results, Stage headline) {
    TestResult headlineTest() {
      return results.get(headline.ordinal());
    }
  }

  private static String key(String flagKey, long version) {
    return flagKey + "\u0000" + version;
  }

  private static long inDesign(Population population) {
    long units = 0;
    for (long count : population.observed) {
      units += count;
    }
    return units;
  }

  /**
   * The disagreement and population parts of a population's deviation (see {@link StageResult}),
   * over the arms it expects units in.
   */
  static double[] parts(Population population) {
    long tested = 0;
    long recomputed = 0;
    double expectedTotal = 0;
    for (int i = 0; i < population.observed.length; i++) {
      if (population.expected[i] > 0) {
        tested += population.observed[i];
        recomputed += population.recomputed[i];
        expectedTotal += population.expected[i];
      }
    }
    if (tested == 0 || recomputed == 0) {
      return new double[] {0, 0};
    }
    double disagreement = 0;
    double missing = 0;
    for (int i = 0; i < population.observed.length; i++) {
      if (population.expected[i] > 0) {
        double expected = tested * population.expected[i] / expectedTotal;
        double scaledRecomputed = (double) tested * population.recomputed[i] / recomputed;
        disagreement += square(population.observed[i] - scaledRecomputed) / expected;
        missing += square(scaledRecomputed - expected) / expected;
      }
    }
    return new double[] {disagreement, missing};
  }

  /** The cause a broken stage (or slice) points to; see {@link StageResult#likelyCause()}. */
  static Cause cause(Stage stage, double disagreementPart, double populationPart) {
    if (disagreementPart > populationPart) {
      return Cause.ASSIGNMENT_SIDE;
    }
    return stage == Stage.ANALYSED ? Cause.JUMPER_EXCLUSION : Cause.CAPTURE_SIDE;
  }

  private static double square(double x) {
    return x * x;
  }

  /** The drill-down of one flag version at one stage (health-checks §5.3, §5.4 step 3). */
  static DrillDown drillDown(Design design, List<SliceCell> cells, Stage stage,
      SrmSettings settings) {
    Map<String, Map<String, List<FunnelCell>>> byDimension = new TreeMap<>(
        Comparator.comparingInt((String d) -> {
              int index = settings.sliceDimensions().indexOf(d);
              return index < 0 ? Integer.MAX_VALUE : index;
            })
            .thenComparing(Comparator.naturalOrder()));
    for (SliceCell cell : cells) {
      byDimension.computeIfAbsent(cell.dimension(), d -> new TreeMap<>())
          .computeIfAbsent(cell.value(), v -> new ArrayList<>())
          .add(cell.cell());
    }
    record Slice(String dimension, String value, Population population, TestResult test,
        Population total) {}
    List<Slice> slices = new ArrayList<>();
    List<DimensionResult> dimensions = new ArrayList<>();
    for (Map.Entry<String, Map<String, List<FunnelCell>>> dimension : byDimension.entrySet()) {
      if (dimension.getValue().size() < 2) {
        continue; // one slice holding every unit (everyone in one country) localizes nothing
      }
      Population total = Population.of(design,
          dimension.getValue().values().stream().flatMap(List::stream).toList(), stage);
      List<Population> populations = new ArrayList<>();
      dimension.getValue().forEach((value, sliceCells) -> {
        Population population = Population.of(design, sliceCells, stage);
        populations.add(population);
        slices.add(new Slice(dimension.getKey(), value, population,
            SrmTest.evaluate(population, settings, null), total));
      });
      dimensions.add(new DimensionResult(dimension.getKey(), dimension.getValue().size(),
          heterogeneity(populations)));
    }
    int testedSlices = (int) slices.stream().filter(s -> s.test.gate() == null).count();
    double sliceAlpha = MultipleTesting.bonferroni(settings.alpha(), Math.max(1, testedSlices));
    List<SliceResult> results = new ArrayList<>();
    for (Slice slice : slices) {
      Map<String, Double> excess = new LinkedHashMap<>();
      double excessUnits = 0;
      for (String variant : slice.test.variants()) {
        double difference = slice.test.observed().get(variant) - slice.test.expected().get(variant);
        excess.put(variant, difference);
        excessUnits += Math.max(0, difference);
      }
      TestResult rest = SrmTest.evaluate(slice.total.minus(slice.population), settings, null);
      Verdict verdict = slice.test.judge(slice.test.fixedBelow(sliceAlpha));
      Cause cause = null;
      if (verdict == Verdict.MISMATCH) {
        double[] parts = parts(slice.population);
        cause = cause(stage, parts[0], parts[1]);
      }
      results.add(new SliceResult(slice.dimension, slice.value, slice.test, excess, excessUnits,
          rest.chiSquare(), verdict, cause));
    }
    List<String> order = new ArrayList<>(byDimension.keySet());
    results.sort(Comparator.comparingDouble(SliceResult::excessUnits).reversed()
        .thenComparingDouble(r -> r.test().pValue() == null ? 2 : r.test().pValue())
        .thenComparingInt(r -> order.indexOf(r.dimension()))
        .thenComparing(SliceResult::value));
    List<SliceResult> kept = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      if (i < settings.drillDownSlices() || results.get(i).verdict() == Verdict.MISMATCH) {
        kept.add(results.get(i));
      }
    }
    return new DrillDown(stage, testedSlices, sliceAlpha, dimensions, kept);
  }

  /** The heterogeneity test of a dimension's slices, on their units in the design's arms. */
  private static ChiSquare heterogeneity(List<Population> slices) {
    int arms = slices.isEmpty() ? 0 : slices.get(0).observed.length;
    double[][] observed = new double[slices.size()][arms];
    double[][] shares = new double[slices.size()][arms];
    for (int s = 0; s < slices.size(); s++) {
      Population slice = slices.get(s);
      double expectedTotal = 0;
      for (double e : slice.expected) {
        expectedTotal += e;
      }
      for (int i = 0; i < arms; i++) {
        // units in an arm the slice expects none in are outside its design, as in its own test
        boolean expected = slice.expected[i] > 0;
        observed[s][i] = expected ? slice.observed[i] : 0;
        shares[s][i] = expected ? slice.expected[i] / expectedTotal : 0;
      }
    }
    return ChiSquareTest.heterogeneity(observed, shares);
  }

  /** The findings of one flag version. */
  static List<Finding> findings(VersionSrm version) {
    List<Finding> findings = new ArrayList<>();
    if (version.flagged()) {
      StageResult headline = version.headline();
      double p = FlagSrm.evidence(version);
      findings.add(finding(Severity.ERROR, version, version.cause(), p, flaggedDetail(version, headline)));
    } else if (version.drillDown() != null) {
      DrillDown drill = version.drillDown();
      for (SliceResult slice : drill.slices()) {
        if (slice.verdict() == Verdict.MISMATCH) {
          double p = Math.min(1, slice.test().pValue() * drill.slicesTested());
          findings.add(finding(Severity.WARN, version, slice.cause(), p, String.format(Locale.ROOT,
              "v%d: the %s units of slice %s=%s break the split although the flag as a whole is"
                  + " not flagged: %s; %s",
              version.flagVersion(), drill.stage().key(), slice.dimension(), slice.value(),
              describe(slice.test()), fixed(slice.test(), drill.slicesTested()))));
        }
      }
    }
    return findings;
  }

  private static Finding finding(Severity severity, VersionSrm version, Cause cause, double p,
      String detail) {
    return new Finding(CHECK, severity, version.flagKey(), null, null, null, null, null, null,
        cause == null ? null : cause.name(), version.flagVersion(), null, null, null, 0, p, detail);
  }

  private static String flaggedDetail(VersionSrm version, StageResult headline) {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "v%d: the %s units break the configured split: %s; %s",
        version.flagVersion(), version.stage().key(), describe(headline.test()),
        fixedAdjusted(headline.test(), version.adjustedPValue())));
    Sequential sequential = headline.test().sequential();
    if (sequential != null) {
      text.append(String.format(Locale.ROOT, "; sequential p = %.3g (Bayes factor %.4g over %d %s)",
          sequential.pValue(), sequential.bayesFactor(), sequential.looks(),
          sequential.looks() == 1 ? "look" : "looks"));
    }
    StageResult first = version.funnel().get(version.firstBrokenStage().ordinal());
    text.append(String.format(Locale.ROOT, ". First broken stage: %s, %s (X² %.4g: %.4g from"
            + " logged variants that differ from the recomputed ones, %.4g from missing units)",
        first.stage().key(), explain(version.cause()),
        first.test().chiSquare() == null ? 0 : first.test().chiSquare().statistic(),
        first.disagreementPart(), first.populationPart()));
    DrillDown drill = version.drillDown();
    if (drill != null && !drill.slices().isEmpty()) {
      SliceResult top = drill.slices().get(0);
      text.append(String.format(Locale.ROOT, ". Top slice: %s=%s with %,.0f excess units (p = %s)",
          top.dimension(), top.value(), top.excessUnits(), p(top.test().pValue())));
      if (top.leaveOneOut() != null) {
        text.append(String.format(Locale.ROOT, ", p = %s without it",
            p(top.leaveOneOut().pValue())));
      }
    }
    return text.append('.').toString();
  }

  /** "control 30,000 (expected 28,500), treatment 27,000 (expected 28,500)" */
  private static String describe(TestResult test) {
    String arms = test.variants().stream()
        .map(v -> String.format(Locale.ROOT, "%s %,d (expected %,.0f)", v, test.observed().get(v),
            test.expected().get(v)))
        .collect(Collectors.joining(", "));
    if (!test.outsideDesign().isEmpty()) {
      arms += "; outside the design: " + test.outsideDesign().entrySet().stream()
          .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
          .collect(Collectors.joining(", "));
    }
    return arms;
  }

  private static String fixedAdjusted(TestResult test, Double adjusted) {
    ChiSquare chi = test.chiSquare();
    return String.format(Locale.ROOT, "X² = %.4g, df = %d, p = %s (Benjamini–Hochberg adjusted %s)",
        chi.statistic(), chi.df(), p(chi.pValue()), adjusted == null ? "n/a" : p(adjusted));
  }

  private static String fixed(TestResult test, int slicesTested) {
    ChiSquare chi = test.chiSquare();
    return String.format(Locale.ROOT, "X² = %.4g, df = %d, p = %s (Bonferroni over %d slices)",
        chi.statistic(), chi.df(), p(chi.pValue()), slicesTested);
  }

  private static String p(Double p) {
    return p == null ? "n/a" : String.format(Locale.ROOT, "%.3g", p);
  }

  private static String explain(Cause cause) {
    return switch (cause) {
      case ASSIGNMENT_SIDE -> "assignment side: the logged variants differ from the recomputed ones";
      case CAPTURE_SIDE -> "capture side: the logged variants agree with the recomputed ones but"
          + " units of some arm are missing";
      case JUMPER_EXCLUSION -> "jumper exclusion: the split holds until jumpers are excluded";
    };
  }
}
