package io.expaudit.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the SRM statistics need about one config version of one flag: its design and the
 * aggregated unit counts. Spark fills it from one aggregation per kind of cell.
 *
 * @param segmentWeights segment key → variant → configured weight, for every segment that
 *     allocates variants in this version (for Amplitude: the widths of the distribution ranges of
 *     the segment's bucket; a segment that serves one variant without a bucket is {@code {v: 1}}).
 *     The key is anything unique within the version (index and name), the same the cells use.
 *     Weights are finite and non-negative; a variant with weight 0 gets no units, and units seen in
 *     it are reported apart (health-checks §1.2 pitfalls).
 * @param cells the funnel cells (see {@link FunnelCell})
 * @param slices the same units split by each slice dimension (see {@link SliceCell}); empty for no
 *     drill-down
 */
public record FlagVersionCounts(
    String flagKey,
    long flagVersion,
    Map<String, Map<String, Double>> segmentWeights,
    List<FunnelCell> cells,
    List<SliceCell> slices) {

  public FlagVersionCounts {
    if (flagKey == null) {
      throw new IllegalArgumentException("flag key is required");
    }
    Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
    segmentWeights.forEach((segment, weights) -> {
      for (Map.Entry<String, Double> w : weights.entrySet()) {
        Double weight = w.getValue();
        if (weight == null || !(weight >= 0) || Double.isInfinite(weight)) {
          throw new IllegalArgumentException("flag " + flagKey + " v" + flagVersion + " segment "
              + segment + ": weight of variant " + w.getKey() + " must be finite and >= 0: " + weight);
        }
      }
      copy.put(segment, Map.copyOf(weights));
    });
    segmentWeights = Collections.unmodifiableMap(copy);
    cells = List.copyOf(cells);
    slices = List.copyOf(slices);
  }
}
