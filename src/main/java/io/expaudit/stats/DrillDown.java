package io.expaudit.stats;

import java.util.List;

/**
 * Where in the population a flag version's imbalance sits (health-checks §5.4 step 3).
 *
 * @param stage the funnel stage the slices are tested at: the first broken stage of a flagged
 *     version, else its headline stage
 * @param slicesTested how many slices passed the minimum-sample gate, over all dimensions
 * @param sliceAlpha α / slicesTested (Bonferroni across the slices of one flag)
 * @param slices the slices ranked by excess units (then p-value): the first
 *     {@link SrmSettings#drillDownSlices()} and every mismatched one
 */
public record DrillDown(
    Stage stage,
    int slicesTested,
    double sliceAlpha,
    List<DimensionResult> dimensions,
    List<SliceResult> slices) {

  public DrillDown {
    dimensions = List.copyOf(dimensions);
    slices = List.copyOf(slices);
  }
}
