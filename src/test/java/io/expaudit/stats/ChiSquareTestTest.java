package io.expaudit.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

class ChiSquareTestTest {

  @Test
  void oneDegreeOfFreedomIsTheComplementaryErrorFunction() {
    for (double x : new double[] {0.016, 1, 9.90099, 40, 157.9, 595}) {
      double p = ChiSquareTest.upperTail(x, 1);
      assertThat(p).as("x = %s", x).isCloseTo(Erf.erfc(Math.sqrt(x / 2)), within(1e-12 * Math.max(p, 1e-300)));
    }
  }

  @Test
  void twoDegreesOfFreedomIsAnExponential() {
    for (double x : new double[] {0.5, 13.816, 99.0404, 1_000}) {
      double p = ChiSquareTest.upperTail(x, 2);
      assertThat(p).as("x = %s", x).isCloseTo(Math.exp(-x / 2), within(1e-12 * p));
    }
  }

  @Test
  void pFallsAsTheImbalanceGrows() {
    double previous = 1;
    for (int shift = 0; shift <= 2_000; shift += 100) {
      double p = ChiSquareTest.goodnessOfFit(new double[] {50_000 + shift, 50_000 - shift},
          new double[] {1, 1}).pValue();
      assertThat(p).isBetween(0.0, 1.0).isLessThanOrEqualTo(previous);
      previous = p;
    }
    assertThat(previous).isLessThan(1e-30);
  }

  @Test
  void noUnitsIsNoEvidence() {
    ChiSquare none = ChiSquareTest.goodnessOfFit(new double[] {0, 0, 0}, new double[] {1, 2, 3});
    assertThat(none).isEqualTo(new ChiSquare(0, 2, 1));
  }

  @Test
  void badInputIsRefused() {
    assertThatThrownBy(() -> ChiSquareTest.goodnessOfFit(new double[] {1}, new double[] {1}))
        .hasMessage("a goodness-of-fit test needs at least 2 arms");
    assertThatThrownBy(() -> ChiSquareTest.goodnessOfFit(new double[] {1, 2}, new double[] {1, 0}))
        .hasMessage("share of arm 1 must be positive: 0.0");
    assertThatThrownBy(() -> ChiSquareTest.goodnessOfFit(new double[] {1, -2}, new double[] {1, 1}))
        .hasMessage("count must be finite and non-negative: -2.0");
    assertThatThrownBy(() -> ChiSquareTest.upperTail(1, 0)).hasMessage("df must be at least 1: 0");
  }

  @Test
  void heterogeneityWithOneDesignIsPearsonsIndependenceTest() {
    double[][] observed = {{20, 30, 50}, {25, 25, 40}};
    double[][] shares = {{0.2, 0.3, 0.5}, {0.2, 0.3, 0.5}};
    ChiSquare het = ChiSquareTest.heterogeneity(observed, shares);
    // by hand: row totals 100, 90; column totals 45, 55, 90; N = 190
    double x = 0;
    double[] rows = {100, 90};
    double[] cols = {45, 55, 90};
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 3; c++) {
        double e = rows[r] * cols[c] / 190;
        x += (observed[r][c] - e) * (observed[r][c] - e) / e;
      }
    }
    assertThat(het.statistic()).isCloseTo(x, within(1e-10));
    assertThat(het.df()).isEqualTo(2);
    // the design shares do not matter when all slices share them
    ChiSquare other = ChiSquareTest.heterogeneity(observed, new double[][] {{1, 1, 1}, {1, 1, 1}});
    assertThat(other.statistic()).isCloseTo(x, within(1e-10));
  }

  @Test
  void heterogeneityFindsACommonDistortionOfDifferentDesignsHomogeneous() {
    // slice 1 designed 90/10, slice 2 50/50; both lose a third of treatment: one common factor
    double[][] observed = {{9_000, 667}, {5_000, 3_333}};
    double[][] shares = {{0.9, 0.1}, {0.5, 0.5}};
    ChiSquare het = ChiSquareTest.heterogeneity(observed, shares);
    assertThat(het.df()).isEqualTo(1);
    assertThat(het.statistic()).isLessThan(0.01);
    // while a loss in one slice only is heterogeneous
    ChiSquare local = ChiSquareTest.heterogeneity(new double[][] {{9_000, 1_000}, {5_000, 3_333}}, shares);
    assertThat(local.pValue()).isLessThan(1e-20);
  }

  @Test
  void heterogeneityLeavesOutEmptySlicesAndStructuralZeros() {
    double[][] observed = {{100, 100, 0}, {0, 0, 0}, {100, 120, 50}};
    double[][] shares = {{0.5, 0.5, 0}, {0.3, 0.3, 0.4}, {0.3, 0.3, 0.4}};
    ChiSquare het = ChiSquareTest.heterogeneity(observed, shares);
    // cells with a positive fit: 2 + 3 = 5; minus (2 slices + 3 arms - 1) = 1
    assertThat(het.df()).isEqualTo(1);
    assertThat(ChiSquareTest.heterogeneity(new double[][] {{10, 10}}, new double[][] {{1, 1}})).isNull();
  }
}
