package io.expaudit.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SequentialSrmTestTest {

  /**
   * The closed form equals the product of one-unit predictive ratios of the Dirichlet–multinomial
   * posterior, (α_i + x_i) / (A + n) divided by p0_i, accumulated unit by unit: so one nightly
   * batch gives the same Bayes factor as unit-by-unit updates (health-checks §1.7).
   */
  @Test
  void closedFormEqualsTheUnitByUnitPosteriorUpdates() {
    double[] shares = {0.5, 0.3, 0.2};
    double c = 100;
    Random random = new Random(42);
    double[] counts = new double[3];
    double logBf = 0;
    for (int n = 0; n < 3_000; n++) {
      double u = random.nextDouble();
      int arm = u < 0.55 ? 0 : u < 0.8 ? 1 : 2;
      logBf += Math.log((c * shares[arm] + counts[arm]) / (c + n)) - Math.log(shares[arm]);
      counts[arm]++;
      if (n % 500 == 499) {
        assertThat(SequentialSrmTest.logBayesFactor(counts, shares, c)).isCloseTo(logBf, within(1e-8));
      }
    }
  }

  @Test
  void weightsAreNormalized() {
    double[] counts = {50_000, 51_000};
    assertThat(SequentialSrmTest.logBayesFactor(counts, new double[] {1, 1}, 10_000))
        .isCloseTo(SequentialSrmTest.logBayesFactor(counts, new double[] {0.5, 0.5}, 10_000), within(1e-12));
  }

  @Test
  void noUnitsOrOneArmIsNoEvidence() {
    assertThat(SequentialSrmTest.logBayesFactor(new double[] {0, 0}, new double[] {1, 1}, 10_000)).isZero();
    assertThat(SequentialSrmTest.logBayesFactor(new double[] {7}, new double[] {1}, 10_000)).isZero();
    assertThat(SequentialSrmTest.pValue(-3)).isEqualTo(1.0);
    assertThat(SequentialSrmTest.bayesFactor(1e6)).isEqualTo(Double.MAX_VALUE);
  }

  @Test
  void badInputIsRefused() {
    assertThatThrownBy(() -> SequentialSrmTest.logBayesFactor(new double[] {1, 2}, new double[] {1, 0}, 1))
        .hasMessage("share must be positive: 0.0");
    assertThatThrownBy(() -> SequentialSrmTest.logBayesFactor(new double[] {1, 2}, new double[] {1, 1}, 0))
        .hasMessage("prior concentration must be positive: 0.0");
  }
}
