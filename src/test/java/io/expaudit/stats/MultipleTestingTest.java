package io.expaudit.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MultipleTestingTest {
  @Test
  void adjustedPValuesAreMonotoneInTheRawOnesAndCappedAtOne() {
    double[] p = {0.04, 0.01, 0.03, 0.02, 0.9};
    double[] q = MultipleTesting.benjaminiHochberg(p);
    // sorted 0.01, 0.02, 0.03, 0.04, 0.9 → ×5/rank: 0.05, 0.05, 0.05, 0.05, 0.9
    assertThat(q).containsExactly(new double[] {0.05, 0.05, 0.05, 0.05, 0.9}, within(1e-15));
    assertThat(MultipleTesting.benjaminiHochberg(new double[] {0.6, 0.9})).containsExactly(0.9, 0.9);
    assertThat(MultipleTesting.benjaminiHochberg(new double[] {})).isEmpty();
  }

  @Test
  void badInputIsRefused() {
    assertThatThrownBy(() -> MultipleTesting.benjaminiHochberg(new double[] {Double.NaN}))
        .hasMessage("p-value must be in [0, 1]: NaN");
    assertThatThrownBy(() -> MultipleTesting.bonferroni(0.001, 0))
        .hasMessage("number of tests must be at least 1: 0");
  }
}
