package io.expaudit.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.expaudit.stats.ChiSquare;
import io.expaudit.stats.DimensionResult;
import io.expaudit.stats.DrillDown;
import io.expaudit.stats.FlagSrm;
import io.expaudit.stats.Sequential;
import io.expaudit.stats.SliceResult;
import io.expaudit.stats.StageResult;
import io.expaudit.stats.TestResult;
import io.expaudit.stats.VersionSrm;

/**
 * The JSON shape of SRM results: the {@code srm} object of a flag in {@code summary.json}
 * (DESIGN.md, Outputs: {@code {chi2, df, p_value, sequential_p_value, bayes_factor, flagged}} plus
 * the funnel and drill-down) and the output of {@code expaudit srm --json}. Numbers that do not
 * exist (no test below two arms or without units) are null.
 */
public final class SrmJson {
  private static final JsonNodeFactory NODES = new ObjectMapper().getNodeFactory();

  private SrmJson() {}

  /**
   * The {@code srm} object of one flag: the {@link FlagSrm#reported() reported} version's headline
   * numbers first (the DESIGN.md keys), then its verdict, stage, funnel and drill-down, and a line
   * per version when the run saw more than one.
   */
  public static ObjectNode flag(FlagSrm flag) {
    VersionSrm reported = flag.reported();
    ObjectNode node = NODES.objectNode();
    putTest(node, reported.headline().test());
    nullable(node, "p_value_adjusted", reported.adjustedPValue());
    node.put("flagged", reported.flagged());
    node.put("verdict", reported.verdict().name());
    node.put("flag_version", reported.flagVersion());
    node.put("stage", reported.stage().key());
    node.put("first_broken_stage",
        reported.firstBrokenStage() == null ? null : reported.firstBrokenStage().key());
    node.put("cause", reported.cause() == null ? null : reported.cause().name());
    ArrayNode funnel = node.putArray("funnel");
    for (StageResult stage : reported.funnel()) {
      ObjectNode s = funnel.addObject();
      s.put("stage", stage.stage().key());
      s.put("verdict", stage.verdict().name());
      s.put("broken", stage.broken());
      putTest(s, stage.test());
      s.put("disagreement_part", stage.disagreementPart());
      s.put("population_part", stage.populationPart());
    }
    if (reported.drillDown() == null) {
      node.putNull("drill_down");
    } else {
      node.set("drill_down", drillDown(reported.drillDown()));
    }
    if (flag.versions().size() > 1) {
      ArrayNode versions = node.putArray("versions");
      for (VersionSrm version : flag.versions()) {
        ObjectNode v = versions.addObject();
        v.put("flag_version", version.flagVersion());
        v.put("stage", version.stage().key());
        v.put("verdict", version.verdict().name());
        v.put("flagged", version.flagged());
        TestResult test = version.headline().test();
        v.put("units", test.units());
        putChiSquare(v, test.chiSquare());
        nullable(v, "p_value_adjusted", version.adjustedPValue());
        nullable(v, "sequential_p_value", version.sequentialPValue());
        v.put("cause", version.cause() == null ? null : version.cause().name());
      }
    }
    return node;
  }

  /**
   * One test: {@code chi2}, {@code df}, {@code p_value}, {@code sequential_p_value},
   * {@code bayes_factor} (the largest over the looks), {@code log_bayes_factor}, {@code looks},
   * {@code units}, {@code observed}, {@code expected}, {@code units_outside_design} and
   * {@code effect} (largest absolute share difference).
   */
  public static ObjectNode test(TestResult test) {
    ObjectNode node = NODES.objectNode();
    putTest(node, test);
    return node;
  }

  private static void putTest(ObjectNode node, TestResult test) {
    putChiSquare(node, test.chiSquare());
    Sequential sequential = test.sequential();
    nullable(node, "sequential_p_value", sequential == null ? null : sequential.pValue());
    nullable(node, "bayes_factor", sequential == null ? null : sequential.bayesFactor());
    nullable(node, "log_bayes_factor", sequential == null ? null : sequential.maxLogBayesFactor());
    if (sequential == null) {
      node.putNull("looks");
    } else {
      node.put("looks", sequential.looks());
    }
    node.put("units", test.units());
    ObjectNode observed = node.putObject("observed");
    test.observed().forEach(observed::put);
    ObjectNode expected = node.putObject("expected");
    test.expected().forEach(expected::put);
    ObjectNode outside = node.putObject("units_outside_design");
    test.outsideDesign().forEach(outside::put);
    nullable(node, "effect", test.effect());
  }

  private static ObjectNode drillDown(DrillDown drill) {
    ObjectNode node = NODES.objectNode();
    node.put("stage", drill.stage().key());
    node.put("slices_tested", drill.slicesTested());
    node.put("slice_alpha", drill.sliceAlpha());
    ArrayNode dimensions = node.putArray("dimensions");
    for (DimensionResult dimension : drill.dimensions()) {
      ObjectNode d = dimensions.addObject();
      d.put("dimension", dimension.dimension());
      d.put("slices", dimension.slices());
      if (dimension.heterogeneity() == null) {
        d.putNull("heterogeneity");
      } else {
        putChiSquare(d.putObject("heterogeneity"), dimension.heterogeneity());
      }
    }
    ArrayNode slices = node.putArray("slices");
    for (SliceResult slice : drill.slices()) {
      ObjectNode s = slices.addObject();
      s.put("dimension", slice.dimension());
      s.put("value", slice.value());
      s.put("verdict", slice.verdict().name());
      s.put("units", slice.test().units());
      putChiSquare(s, slice.test().chiSquare());
      s.put("excess_units", slice.excessUnits());
      ObjectNode excess = s.putObject("excess");
      slice.test().variants().forEach(v -> excess.put(v, slice.excess().get(v)));
      ObjectNode observed = s.putObject("observed");
      slice.test().observed().forEach(observed::put);
      ObjectNode expected = s.putObject("expected");
      slice.test().expected().forEach(expected::put);
      nullable(s, "leave_one_out_p_value",
          slice.leaveOneOut() == null ? null : slice.leaveOneOut().pValue());
      s.put("cause", slice.cause() == null ? null : slice.cause().name());
    }
    return node;
  }

  private static void putChiSquare(ObjectNode node, ChiSquare chi) {
    nullable(node, "chi2", chi == null ? null : chi.statistic());
    if (chi == null) {
      node.putNull("df");
    } else {
      node.put("df", chi.df());
    }
    nullable(node, "p_value", chi == null ? null : chi.pValue());
  }

  private static void nullable(ObjectNode node, String key, Double value) {
    if (value == null) {
      node.putNull(key);
    } else {
      node.put(key, value);
    }
  }
}
