package io.expaudit.spark;

import io.expaudit.config.AllocationConfig;
import io.expaudit.config.DistributionConfig;
import io.expaudit.config.FlagConfig;
import io.expaudit.config.SegmentConfig;
import io.expaudit.config.VariantConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * The design half of {@link io.expaudit.stats.FlagVersionCounts}: each segment's configured
 * weights per variant, read from a flag config (DESIGN.md, Definitions: "SRM expected counts").
 * The counts half comes from the audit's aggregation.
 */
public final class SrmInputs {
  private SrmInputs() {}

  /**
   * The key of a segment in {@link io.expaudit.stats.FlagVersionCounts#segmentWeights()} and
   * {@link io.expaudit.stats.FunnelCell#segment()}: its 0-based index, then its name if it has one
   * ({@code "2:All Other Users"}). Use the engine's {@code FlagResult.segmentIndex()} and
   * {@code segmentName()} for a unit.
   */
  public static String segmentKey(int index, String name) {
    return name == null ? Integer.toString(index) : index + ":" + name;
  }

  /**
   * Segment key → variant → weight for the segments of {@code config} that serve an experiment
   * variant (not the default, {@code metadata.default = true}).
   *
   * <ul>
   *   <li>A segment with a bucket: each variant's share of the hash space, Σ over allocations of
   *       (allocation width in {@code hash % 100}) × (distribution width in {@code floor(hash /
   *       100)}); where ranges overlap the first one wins, as in the engine (spec §3.2). Units the
   *       rollout leaves out get the default and are no part of the test.
   *   <li>A segment without a bucket that serves a non-default variant (an inclusion list):
   *       {@code {variant: 1}}.
   * </ul>
   */
  public static Map<String, Map<String, Double>> segmentWeights(FlagConfig config) {
    Map<String, Map<String, Double>> weights = new LinkedHashMap<>();
    List<SegmentConfig> segments = config.segments();
    for (int index = 0; index < segments.size(); index++) {
      SegmentConfig segment = segments.get(index);
      Map<String, Double> byVariant = new LinkedHashMap<>();
      if (segment.bucket() != null) {
        List<AllocationConfig> allocations = segment.bucket().allocations();
        forEachFirstCover(allocations, AllocationConfig::start, AllocationConfig::end,
            (allocation, allocationWidth) -> forEachFirstCover(allocation.distributions(),
                DistributionConfig::start, DistributionConfig::end,
                (distribution, width) -> byVariant.merge(distribution.variant(),
                    (double) allocationWidth * width, Double::sum)));
      } else if (segment.variant() != null) {
        byVariant.put(segment.variant(), 1.0);
      }
      byVariant.keySet().removeIf(variant -> isDefault(config, variant));
      if (byVariant.values().stream().anyMatch(w -> w > 0)) {
        weights.put(segmentKey(index, segment.segmentName()), byVariant);
      }
    }
    return weights;
  }

  private static boolean isDefault(FlagConfig config, String variant) {
    VariantConfig v = config.variants() == null ? null : config.variants().get(variant);
    return v != null && v.isDefault();
  }

  private interface WidthConsumer<T> {
    void accept(T range, long width);
  }

  /**
   * Splits the union of the ranges into elementary intervals and credits each to the first range
   * (in list order) that covers it: overlapping ranges count once, for the one the engine picks.
   */
  private static <T> void forEachFirstCover(List<T> ranges, ToIntFunction<T> start,
      ToIntFunction<T> end, WidthConsumer<T> consumer) {
    TreeSet<Long> bounds = new TreeSet<>();
    for (T range : ranges) {
      bounds.add((long) start.applyAsInt(range));
      bounds.add((long) end.applyAsInt(range));
    }
    List<Long> points = new ArrayList<>(bounds);
    for (int i = 0; i + 1 < points.size(); i++) {
      long from = points.get(i);
      long to = points.get(i + 1);
      for (T range : ranges) {
        if (start.applyAsInt(range) <= from && to <= end.applyAsInt(range)) {
          consumer.accept(range, to - from);
          break;
        }
      }
    }
  }
}
