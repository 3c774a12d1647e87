package io.expaudit.bench;

import io.expaudit.stats.ChiSquareTest;
import io.expaudit.stats.SequentialSrmTest;
import java.util.Locale;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Validity and power of the SRM tests by simulation (issue 4; {@code bench/srm-simulation.sh}).
 *
 * <p>A world is one two-arm 50/50 experiment whose units arrive evenly over {@code nights} nights;
 * each night every new unit lands in an arm by a fair coin (a binomial draw per night), and in a
 * faulty world each treatment unit is then lost with probability {@code loss} (a capture-side
 * fault). The audit looks at the cumulative counts. Per world it records whether each way of
 * looking flags:
 *
 * <ul>
 *   <li>fixed, 1 look: the chi-square on the final counts, p &lt; α;
 *   <li>fixed, nightly: the chi-square every night, flagged if p &lt; α on any night (peeking);
 *   <li>sequential, 1 look: the Bayes factor of the final counts ≥ 1/α;
 *   <li>sequential, nightly: the Bayes factor every night, flagged if it ever reaches 1/α;
 *   <li>DESIGN.md's {@code flagged} under nightly runs (one flag, so Benjamini–Hochberg changes
 *       nothing): fixed p &lt; α or the sequential test fired, on any night.
 * </ul>
 *
 * Random numbers: commons-math3's {@link Well19937c}, seeded per table cell, so every figure is
 * reproducible.
 */
public final class SrmSimulation {
  private SrmSimulation() {}

  /** How often each way of looking flagged, out of {@code worlds}. */
  public record Rates(long worlds, long fixedOnce, long fixedNightly, long sequentialOnce,
      long sequentialNightly, long designNightly) {}

  /**
   * Simulates {@code worlds} worlds of {@code units} units over {@code nights} nights.
   *
   * @param loss the probability that a treatment unit goes missing (0 for A/A worlds)
   */
  public static Rates run(long units, int nights, double loss, long worlds, long seed, double alpha,
      double concentration) {
    RandomGenerator random = new Well19937c(seed);
    double critical = ChiSquareTest.criticalValue(alpha, 1);
    double logThreshold = Math.log(1 / alpha);
    double[] halves = {1, 1};
    long[] arrivals = new long[nights];
    for (int night = 0; night < nights; night++) {
      arrivals[night] = units * (night + 1) / nights - units * night / nights;
    }
    long fixedOnce = 0;
    long fixedNightly = 0;
    long sequentialOnce = 0;
    long sequentialNightly = 0;
    long designNightly = 0;
    double[] counts = new double[2];
    for (long world = 0; world < worlds; world++) {
      counts[0] = 0;
      counts[1] = 0;
      boolean fixedFired = false;
      boolean sequentialFired = false;
      boolean fixedLast = false;
      boolean sequentialLast = false;
      for (int night = 0; night < nights; night++) {
        int treatment = binomial(random, arrivals[night], 0.5);
        int kept = loss > 0 ? binomial(random, treatment, 1 - loss) : treatment;
        counts[0] += arrivals[night] - treatment;
        counts[1] += kept;
        fixedLast = ChiSquareTest.goodnessOfFit(counts, halves).statistic() > critical;
        sequentialLast = SequentialSrmTest.logBayesFactor(counts, halves, concentration) >= logThreshold;
        fixedFired |= fixedLast;
        sequentialFired |= sequentialLast;
      }
      fixedOnce += fixedLast ? 1 : 0;
      sequentialOnce += sequentialLast ? 1 : 0;
      fixedNightly += fixedFired ? 1 : 0;
      sequentialNightly += sequentialFired ? 1 : 0;
      designNightly += fixedFired || sequentialFired ? 1 : 0;
    }
    return new Rates(worlds, fixedOnce, fixedNightly, sequentialOnce, sequentialNightly,
        designNightly);
  }

  private static int binomial(RandomGenerator random, long trials, double p) {
    if (trials == 0) {
      return 0;
    }
    return new BinomialDistribution(random, Math.toIntExact(trials), p).sample();
  }

  /** The central 99 % range of false positives that W worlds at a true rate α give. */
  public static long[] acceptance(long worlds, double alpha) {
    BinomialDistribution d = new BinomialDistribution(null, Math.toIntExact(worlds), alpha);
    return new long[] {d.inverseCumulativeProbability(0.005), d.inverseCumulativeProbability(0.995)};
  }

  /**
   * Clopper–Pearson 99 % interval of a rate, from beta quantiles (commons-math3's
   * {@code ClopperPearsonInterval} refuses 0 hits, which is exactly the case that matters here).
   */
  public static double[] interval(long worlds, long hits) {
    double lower = hits == 0 ? 0
        : new BetaDistribution(null, hits, worlds - hits + 1).inverseCumulativeProbability(0.005);
    double upper = hits == worlds ? 1
        : new BetaDistribution(null, hits + 1, worlds - hits).inverseCumulativeProbability(0.995);
    return new double[] {lower, upper};
  }

  /**
   * Prints the validity and power tables as Markdown.
   *
   * <p>Arguments (all optional): {@code aaWorlds} (A/A worlds, default 200,000), {@code
   * powerWorlds} (worlds per power cell, default 2,000), {@code seed} (default 20261116).
   */
  public static void main(String[] args) {
    long aaWorlds = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
    long powerWorlds = args.length > 1 ? Long.parseLong(args[1]) : 2_000;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 20261116L;
    double alpha = 0.001;
    double c = SequentialSrmTest.DEFAULT_CONCENTRATION;
    int nights = 30;
    long aaUnits = 100_000;

    long t0 = System.nanoTime();
    Rates aa = run(aaUnits, nights, 0, aaWorlds, seed, alpha, c);
    long[] accept = acceptance(aaWorlds, alpha);
    System.out.printf(Locale.ROOT, "Validity: %,d A/A worlds, 50/50, %,d units over %d nights,"
        + " α = %s (Bayes factor ≥ %,.0f), c = %,.0f, seed %d%n%n", aaWorlds, aaUnits, nights,
        alpha, 1 / alpha, c, seed);
    System.out.println("| test | looks | false positives | rate | 99 % interval | expected |");
    System.out.println("| --- | --- | ---: | ---: | --- | --- |");
    System.out.printf(Locale.ROOT, "| fixed chi-square | 1 (final night) | %,d | %s | %s | within"
            + " [%d, %d] (binomial 99 %% range at α): %s |%n", aa.fixedOnce(), rate(aa, aa.fixedOnce()),
        range(aa.worlds(), aa.fixedOnce()), accept[0], accept[1],
        aa.fixedOnce() >= accept[0] && aa.fixedOnce() <= accept[1] ? "yes" : "NO");
    System.out.printf(Locale.ROOT, "| sequential Bayes factor | %d (every night) | %,d | %s | %s |"
            + " ≤ α: %s |%n", nights, aa.sequentialNightly(), rate(aa, aa.sequentialNightly()),
        range(aa.worlds(), aa.sequentialNightly()),
        aa.sequentialNightly() <= accept[1] && aa.sequentialNightly() <= aa.worlds() * alpha ? "yes" : "NO");
    double[] peeking = interval(aa.worlds(), aa.fixedNightly());
    System.out.printf(Locale.ROOT, "| fixed chi-square | %d (every night) | %,d | %s | %s |"
            + " exceeds α (lower bound > α): %s |%n", nights, aa.fixedNightly(),
        rate(aa, aa.fixedNightly()), range(aa.worlds(), aa.fixedNightly()),
        peeking[0] > alpha ? "yes" : "NO");
    System.out.printf(Locale.ROOT, "| DESIGN.md `flagged` (fixed or sequential) | %d (every night)"
            + " | %,d | %s | %s | |%n", nights, aa.designNightly(), rate(aa, aa.designNightly()),
        range(aa.worlds(), aa.designNightly()));
    System.out.printf(Locale.ROOT, "| sequential Bayes factor | 1 (final night) | %,d | %s | %s | |%n",
        aa.sequentialOnce(), rate(aa, aa.sequentialOnce()), range(aa.worlds(), aa.sequentialOnce()));

    System.out.printf(Locale.ROOT, "%nPower: detection rate, %,d worlds per cell, 50/50, a share of"
        + " treatment units lost, units over %d nights, α = %s, seed %d + cell%n%n", powerWorlds,
        nights, alpha, seed);
    System.out.println("| units | treatment units lost | fixed, 1 look | sequential, 1 look |"
        + " sequential, 30 nightly looks |");
    System.out.println("| ---: | ---: | ---: | ---: | ---: |");
    long cell = 0;
    for (long units : new long[] {10_000, 100_000, 1_000_000}) {
      for (double loss : new double[] {0.01, 0.02}) {
        Rates r = run(units, nights, loss, powerWorlds, seed + ++cell, alpha, c);
        System.out.printf(Locale.ROOT, "| %,d | %.0f %% | %s | %s | %s |%n", units, loss * 100,
            percent(r, r.fixedOnce()), percent(r, r.sequentialOnce()),
            percent(r, r.sequentialNightly()));
      }
    }
    System.out.printf(Locale.ROOT, "%n(%.0f s)%n", (System.nanoTime() - t0) / 1e9);
  }

  private static String rate(Rates r, long hits) {
    return String.format(Locale.ROOT, "%.5f", (double) hits / r.worlds());
  }

  private static String range(long worlds, long hits) {
    double[] ci = interval(worlds, hits);
    return String.format(Locale.ROOT, "[%.5f, %.5f]", ci[0], ci[1]);
  }

  private static String percent(Rates r, long hits) {
    double[] ci = interval(r.worlds(), hits);
    return String.format(Locale.ROOT, "%.1f %% (%.1f–%.1f)", 100.0 * hits / r.worlds(),
        100 * ci[0], 100 * ci[1]);
  }
}
