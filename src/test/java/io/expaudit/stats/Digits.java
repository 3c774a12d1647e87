package io.expaudit.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Assertions of a computed number against a figure printed in a spec, to the digits printed. */
final class Digits {
  private Digits() {}

  /**
   * Asserts that {@code actual}, rounded to as many significant digits as {@code printed} shows,
   * equals it: {@code assertRoundsTo(9.900990, "9.90099")}, {@code assertRoundsTo(1.8218e-6,
   * "1.82e-6")}, {@code assertRoundsTo(6412.3, "6,412")}.
   */
  static void assertRoundsTo(double actual, String printed) {
    BigDecimal expected = new BigDecimal(printed.replace(",", ""));
    BigDecimal rounded = new BigDecimal(actual).round(new MathContext(expected.precision(), RoundingMode.HALF_EVEN));
    assertThat(rounded.compareTo(expected))
        .as("%s rounded to %d significant digits is %s, not %s", actual, expected.precision(),
            rounded.toString(), printed)
        .isZero();
  }
}
