package io.expaudit.spark;

import io.expaudit.config.FlagHistory;
import io.expaudit.report.ReportModel.FunnelStage;
import io.expaudit.stats.FlagSrm;
import io.expaudit.stats.FlagVersionCounts;
import io.expaudit.stats.FunnelCell;
import io.expaudit.stats.SequentialStates;
import io.expaudit.stats.SliceCell;
import io.expaudit.stats.SrmAnalysis;
import io.expaudit.stats.SrmReport;
import io.expaudit.stats.SrmSettings;
import io.expaudit.stats.StageResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * Sample-ratio mismatch over the audit's per-unit summaries (DESIGN.md, Checks and Definitions):
 * the funnel cells of every flag version and the same cells per pre-treatment slice, summed from
 * the partitions' {@link SummaryCells}; the pure {@link SrmAnalysis} turns them into tests, funnel verdicts,
 * drill-downs and {@code SAMPLE_RATIO_MISMATCH} findings.
 */
final class SrmStage {
  private SrmStage() {}

  static SrmReport analyse(Map<String, List<Row>> cells, FlagHistory history, SrmSettings settings,
      SequentialStates previous, String lookId) {
    Map<List<Object>, List<FunnelCell>> funnels = new TreeMap<>(SrmStage::compareKeys);
    for (Row r : cells.get(SummaryCells.FUNNEL)) {
      funnels.computeIfAbsent(List.of(r.getString(0), r.getLong(1)), k -> new ArrayList<>())
          .add(cell(r, 2));
    }
    Map<List<Object>, List<SliceCell>> slices = new TreeMap<>(SrmStage::compareKeys);
    for (Row r : cells.get(SummaryCells.SLICE)) {
      String value = r.isNullAt(3) ? SliceCell.NO_VALUE : r.getString(3);
      slices.computeIfAbsent(List.of(r.getString(0), r.getLong(1)), k -> new ArrayList<>())
          .add(new SliceCell(r.getString(2), value, cell(r, 4)));
    }
    List<FlagVersionCounts> counts = new ArrayList<>();
    funnels.forEach((key, funnel) -> {
      FlagHistory.FlagVersion version = history.version((String) key.get(0), (Long) key.get(1));
      if (version != null) { // a version no snapshot holds has no weights to test against
        counts.add(new FlagVersionCounts((String) key.get(0), (Long) key.get(1),
            SrmInputs.segmentWeights(version.config()), funnel, slices.getOrDefault(key, List.of())));
      }
    });
    return SrmAnalysis.analyse(counts, settings, previous, lookId);
  }

  /** The row's funnel cell from column {@code from} on: segment, four variants, then the count. */
  private static FunnelCell cell(Row r, int from) {
    return new FunnelCell(r.getString(from), r.getString(from + 1), r.getString(from + 2),
        r.getString(from + 3), r.getString(from + 4), r.getLong(r.length() - 1));
  }

  private static int compareKeys(List<Object> a, List<Object> b) {
    int byFlag = ((String) a.get(0)).compareTo((String) b.get(0));
    return byFlag != 0 ? byFlag : Long.compare((Long) a.get(1), (Long) b.get(1));
  }

  /** The reported version's funnel as the report draws it: units per variant and p per stage. */
  static List<FunnelStage> funnel(FlagSrm srm) {
    List<FunnelStage> stages = new ArrayList<>();
    if (srm == null || srm.reported() == null) {
      return stages;
    }
    for (StageResult stage : srm.reported().funnel()) {
      Map<String, Long> units = new LinkedHashMap<>(stage.test().observed());
      Double p = stage.test().chiSquare() == null ? null : stage.test().chiSquare().pValue();
      stages.add(new FunnelStage(stage.stage().name().toLowerCase(java.util.Locale.ROOT), units, p));
    }
    return stages;
  }
}
