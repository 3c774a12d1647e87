package io.expaudit.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The expected split of one flag version: its arms (variants with a positive weight in some
 * segment), each segment's normalized shares over them, and the strata of segments that share one
 * split. The sequential test runs per stratum, so that its null split stays fixed however the mix
 * of segments moves between looks (health-checks §1.7 caveats).
 */
final class Design {
  final List<String> arms;
  final List<double[]> strata = new ArrayList<>();
  private final Map<String, Integer> armIndex = new HashMap<>();
  private final Map<String, double[]> segmentShares = new HashMap<>();
  private final Map<String, Integer> segmentStratum = new HashMap<>();

  private Design(List<String> arms, Map<String, Map<String, Double>> segmentWeights) {
    this.arms = List.copyOf(arms);
    for (int i = 0; i < arms.size(); i++) {
      armIndex.put(arms.get(i), i);
    }
    segmentWeights.forEach((segment, weights) -> {
      double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
      if (total <= 0) {
        return;
      }
      double[] shares = new double[arms.size()];
      weights.forEach((variant, weight) -> {
        if (weight > 0) {
          shares[armIndex.get(variant)] = weight / total;
        }
      });
      segmentShares.put(segment, shares);
      segmentStratum.put(segment, stratumOf(shares));
    });
  }

  /** The design of a flag version; arms sorted by variant key. */
  static Design of(Map<String, Map<String, Double>> segmentWeights) {
    TreeSet<String> arms = new TreeSet<>();
    segmentWeights.values().forEach(weights -> weights.forEach((variant, weight) -> {
      if (weight > 0) {
        arms.add(variant);
      }
    }));
    return new Design(new ArrayList<>(arms), segmentWeights);
  }

  /** A design of one segment (key {@code ""}), arms in the order given (for the srm command). */
  static Design single(List<String> variants, double[] weights) {
    Map<String, Double> segment = new LinkedHashMap<>();
    List<String> arms = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++) {
      segment.put(variants.get(i), weights[i]);
      if (weights[i] > 0) {
        arms.add(variants.get(i));
      }
    }
    return new Design(arms, Map.of("", segment));
  }

  /** The index of the stratum with these shares, added if new (equal up to rounding). */
  private int stratumOf(double[] shares) {
    for (int s = 0; s < strata.size(); s++) {
      double[] other = strata.get(s);
      boolean same = true;
      for (int i = 0; i < shares.length && same; i++) {
        same = Math.abs(other[i] - shares[i]) <= 1e-12;
      }
      if (same) {
        return s;
      }
    }
    strata.add(shares);
    return strata.size() - 1;
  }

  /** The arm index of a variant, or -1 when it has no positive weight in any segment. */
  int arm(String variant) {
    Integer index = variant == null ? null : armIndex.get(variant);
    return index == null ? -1 : index;
  }

  /** The normalized shares of a segment over {@link #arms}, or null when it allocates nothing. */
  double[] shares(String segment) {
    return segment == null ? null : segmentShares.get(segment);
  }

  int stratum(String segment) {
    return segmentStratum.get(segment);
  }
}
