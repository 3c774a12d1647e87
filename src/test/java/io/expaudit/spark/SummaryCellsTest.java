package io.expaudit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.checks.UnitFlagSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** A partition's unit summaries counted into cells, without Spark. */
class SummaryCellsTest {
  private static final long NOV_16 = 1_794_787_200_000L; // 2026-11-16T00:00:00Z

  private static UnitFlagSummary unit(String id, String variant, String platform, long firstSeen) {
    Map<String, String> slices = new LinkedHashMap<>();
    slices.put("platform", platform);
    slices.put("country", null);
    return new UnitFlagSummary("paywall", id, 7L, variant, variant, true, true, false,
        "control".equals(variant) ? null : variant, "All Other Users", false, firstSeen, 1,
        variant, variant, variant, slices);
  }

  /** kind → the cell's columns of {@code names} joined, then "=" and its units. */
  private static Map<String, List<String>> cells(SummaryCells cells, String... names) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Row r : cells.rows()) {
      List<String> values = new ArrayList<>();
      for (String name : names) {
        int i = AuditRows.SCHEMA.fieldIndex(name);
        if (!r.isNullAt(i)) {
          values.add(String.valueOf(r.get(i)));
        }
      }
      out.computeIfAbsent(r.getString(0), k -> new ArrayList<>())
          .add(String.join(" ", values) + "=" + r.getLong(AuditRows.SCHEMA.fieldIndex("value")));
    }
    out.values().forEach(l -> l.sort(null));
    return out;
  }

  @Test
  void unitsWithEqualSummariesShareEveryCellAndEachSliceCountsThemOnce() {
    SummaryCells cells = new SummaryCells();
    cells.add(unit("u1", "treatment", "iOS", NOV_16 + 5), true);
    cells.add(unit("u2", "treatment", "iOS", NOV_16 + 86_399_999), true); // same day
    cells.add(unit("u3", "control", "Android", NOV_16 + 86_400_000), true); // next day

    Map<String, List<String>> byKind = cells(cells, "flag_key", "flag_version", "day",
        "slice_dimension", "slice_value", "srm_segment", "expected_variant", "observed_variant");

    assertThat(byKind.get(SummaryCells.DAILY)).containsExactly(
        "paywall 20773 treatment=2", "paywall 20774 control=1");
    assertThat(byKind.get(SummaryCells.FUNNEL)).containsExactly(
        "paywall 7 1:All Other Users control=1", "paywall 7 1:All Other Users treatment=2");
    assertThat(byKind.get(SummaryCells.SLICE)).containsExactly(
        "paywall 7 country 1:All Other Users control=1",
        "paywall 7 country 1:All Other Users treatment=2",
        "paywall 7 platform Android 1:All Other Users control=1",
        "paywall 7 platform iOS 1:All Other Users treatment=2");
    assertThat(byKind.get(SummaryCells.FLAG)).containsExactly(
        "paywall control control=1", "paywall treatment treatment=2");
  }

  @Test
  void aUnitWithoutARecomputedSegmentIsCountedButNotTested() {
    SummaryCells cells = new SummaryCells();
    cells.add(new UnitFlagSummary("paywall", "u1", null, null, "treatment", false, true, false,
        "treatment", null, true, NOV_16, null, "treatment", null, null, Map.of()), true);

    assertThat(cells(cells, "flag_key").keySet())
        .containsExactlyInAnyOrder(SummaryCells.FLAG, SummaryCells.DAILY);
  }
}
