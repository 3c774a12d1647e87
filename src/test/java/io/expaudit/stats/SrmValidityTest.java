package io.expaudit.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.bench.SrmSimulation;
import io.expaudit.bench.SrmSimulation.Rates;
import org.junit.jupiter.api.Test;

/**
 * A reduced run of {@code bench/srm-simulation.sh} (README, "SRM statistics: validity and power"):
 * fewer worlds and α = 0.01 so that a few seconds still give enough false positives to judge.
 * Seeded, so it is deterministic; it fails if a test's false-positive rate leaves its binomial
 * range.
 */
class SrmValidityTest {
  private static final double ALPHA = 0.01;
  private static final long WORLDS = 10_000;

  /**
   * c = 100 rather than the default 10,000: the prior then expects larger mismatches, so the test
   * fires sooner and its false positives show within 10,000 small worlds (37 here, against 0 with
   * c = 10,000). Ville's inequality holds for every c.
   */
  @Test
  void falsePositiveRatesOfAaWorlds() {
    Rates aa = SrmSimulation.run(10_000, 30, 0, WORLDS, 7, ALPHA, 100);
    long[] accept = SrmSimulation.acceptance(WORLDS, ALPHA);
    // the fixed test at one look holds its level
    assertThat(aa.fixedOnce()).as("%s", aa).isBetween(accept[0], accept[1]);
    // the sequential test looked at every night stays at or below it
    assertThat(aa.sequentialNightly()).isPositive().isLessThanOrEqualTo((long) (WORLDS * ALPHA));
    // the fixed test looked at every night does not
    assertThat(SrmSimulation.interval(WORLDS, aa.fixedNightly())[0]).isGreaterThan(ALPHA);
  }

  @Test
  void aTwoPercentLossInOneArmOfAMillionUnitsIsFound() {
    Rates r = SrmSimulation.run(1_000_000, 30, 0.02, 100, 11, 0.001, 10_000);
    assertThat(r.sequentialNightly()).isGreaterThanOrEqualTo(95);
    assertThat(r.fixedOnce()).isGreaterThanOrEqualTo(95);
  }
}
