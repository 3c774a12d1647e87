package io.expaudit.stats;

import java.util.Map;
import java.util.TreeMap;

/**
 * The allocated units of one flag version that reached one stage (or of one slice of them),
 * tallied for the tests: by the variant the stage shows, by the recomputed variant, by stratum, and
 * the expected count of each arm, E_i = Σ_seg n_seg · w_seg,i / Σ w_seg (DESIGN.md, Definitions).
 */
final class Population {
  final Design design;
  /** Allocated units that reached the stage, whatever variant it shows for them. */
  long units;
  final long[] observed;
  final long[] recomputed;
  final double[] expected;
  final long[][] strataObserved;
  /** Units the stage shows in a variant that is no arm of the design (weight 0, not configured, off). */
  final Map<String, Long> outside = new TreeMap<>();

  Population(Design design) {
    this.design = design;
    int arms = design.arms.size();
    observed = new long[arms];
    recomputed = new long[arms];
    expected = new double[arms];
    strataObserved = new long[design.strata.size()][arms];
  }

  static Population of(Design design, Iterable<FunnelCell> cells, Stage stage) {
    Population population = new Population(design);
    for (FunnelCell cell : cells) {
      population.add(cell, stage);
    }
    return population;
  }

  /**
   * Adds a cell's units if they are part of the test at this stage: recomputed into a variant with
   * a positive weight in their segment, and shown by the stage.
   */
  void add(FunnelCell cell, Stage stage) {
    double[] shares = design.shares(cell.segment());
    String shown = stage.variant(cell);
    int recomputedArm = design.arm(cell.recomputedVariant());
    if (shares == null || shown == null || recomputedArm < 0 || shares[recomputedArm] == 0
        || cell.units() == 0) {
      return;
    }
    long count = cell.units();
    units = Math.addExact(units, count);
    recomputed[recomputedArm] = Math.addExact(recomputed[recomputedArm], count);
    for (int i = 0; i < shares.length; i++) {
      expected[i] += count * shares[i];
    }
    int arm = design.arm(shown);
    if (arm < 0) {
      outside.merge(shown, count, Math::addExact);
      return;
    }
    observed[arm] = Math.addExact(observed[arm], count);
    if (shares[arm] > 0) {
      long[] stratum = strataObserved[design.stratum(cell.segment())];
      stratum[arm] = Math.addExact(stratum[arm], count);
    }
  }

  /** This population without {@code part}'s units (for leave-one-out tests). */
  Population minus(Population part) {
    Population rest = new Population(design);
    rest.units = units - part.units;
    for (int i = 0; i < observed.length; i++) {
      rest.observed[i] = observed[i] - part.observed[i];
      rest.recomputed[i] = recomputed[i] - part.recomputed[i];
      double left = expected[i] - part.expected[i];
      // what rounding leaves of an arm the rest has no units for is no expectation
      rest.expected[i] = left > 1e-9 * expected[i] ? left : 0;
    }
    for (int s = 0; s < strataObserved.length; s++) {
      for (int i = 0; i < observed.length; i++) {
        rest.strataObserved[s][i] = strataObserved[s][i] - part.strataObserved[s][i];
      }
    }
    outside.forEach((variant, count) -> {
      long left = count - part.outside.getOrDefault(variant, 0L);
      if (left > 0) {
        rest.outside.put(variant, left);
      }
    });
    return rest;
  }
}
