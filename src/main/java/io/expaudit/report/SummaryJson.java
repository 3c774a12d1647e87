package io.expaudit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;

/** Renders {@code summary.json}: run metadata, input counts and one object per flag. */
public final class SummaryJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SummaryJson() {}

  /**
   * @param run run metadata (inputs, window, versions), written as given
   * @param input row counts: {@code rows_read}, {@code rows_quarantined}, {@code duplicates_dropped}, ...
   */
  public static String render(Map<String, Object> run, Map<String, Long> input,
      Collection<FlagSummary> flags) {
    ObjectNode root = JSON.createObjectNode();
    root.set("run", JSON.valueToTree(run));
    root.set("input", JSON.valueToTree(input));
    ObjectNode byFlag = root.putObject("flags");
    for (FlagSummary f : flags) {
      ObjectNode node = byFlag.putObject(f.flagKey);
      node.put("flag_key", f.flagKey);
      node.put("units", f.units);
      ObjectNode agreement = node.putObject("agreement");
      agreement.put("verified_units", f.verifiedUnits);
      agreement.put("agreeing_units", f.agreeingUnits);
      agreement.put("unverifiable_units", f.unverifiableUnits);
      if (f.agreementRate() == null) {
        agreement.putNull("rate");
      } else {
        agreement.put("rate", f.agreementRate());
      }
      if (f.chanceAgreement == null) {
        agreement.putNull("chance_baseline");
      } else {
        agreement.put("chance_baseline", f.chanceAgreement);
      }
      node.set("expected", JSON.valueToTree(f.expected));
      node.set("observed", JSON.valueToTree(f.observed));
      ObjectNode jumping = node.putObject("jumping");
      jumping.put("jumpers", f.jumpers);
      jumping.put("rate", f.units == 0 ? 0.0 : (double) f.jumpers / f.units);
      ObjectNode byFirst = jumping.putObject("by_first_variant");
      f.unitsByFirstVariant.forEach((variant, units) -> {
        long jumped = f.jumpersByFirstVariant.getOrDefault(variant, 0L);
        ObjectNode v = byFirst.putObject(variant);
        v.put("units", units);
        v.put("jumpers", jumped);
        v.put("rate", (double) jumped / units);
      });
      if (f.srm != null) {
        node.set("srm", SrmJson.flag(f.srm));
      }
      node.set("findings", JSON.valueToTree(f.findings));
      if (f.worstSeverity == null) {
        node.putNull("worst_severity");
      } else {
        node.put("worst_severity", f.worstSeverity);
      }
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
