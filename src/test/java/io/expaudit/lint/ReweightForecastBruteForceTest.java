package io.expaudit.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.config.AllocationConfig;
import io.expaudit.config.DistributionConfig;
import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagConfigParser;
import io.expaudit.config.SegmentConfig;
import io.expaudit.eval.Evaluation;
import io.expaudit.eval.FlagEvaluator;
import io.expaudit.eval.FlagResult;
import io.expaudit.eval.Semantics;
import io.expaudit.lint.BucketSpace.Move;
import io.expaudit.lint.ReweightJumpForecastLint.SegmentForecast;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * REWEIGHT_JUMP_FORECAST against brute force. For random pairs of versions of a one-segment flag
 * (random allocations, Amplitude-style and raw overlapping distribution ranges, unknown variant
 * keys, missing defaults, and changes of weights, rollout, salt, bucketing key, default and
 * variants):
 *
 * <ul>
 *   <li>the forecast equals an independent exact computation: the spec's bucketing pseudo-code
 *       (§3) evaluated once per elementary interval between all range boundaries, for each of the
 *       100 allocation buckets, weighted by the interval's length;
 *   <li>the forecast share equals, within sampling error, the share of 1,000,000 random ids whose
 *       result from the engine ({@link FlagEvaluator}) differs between the two versions.
 * </ul>
 */
class ReweightForecastBruteForceTest {
  private static final int IDS = 1_000_000;
  private static final int PAIRS = 12;
  private static final long SEED = 20261125L;
  private static final List<String> ARMS = List.of("control", "a", "b", "c");

  @Test
  void forecastsEqualTheRangeArithmeticAndTheEnginesResultsOnAMillionIds() {
    Random random = new Random(SEED);
    for (int pair = 0; pair < PAIRS; pair++) {
      Version older = Version.random(random);
      Version newer = older.changed(random);
      FlagConfig before = older.config("old");
      FlagConfig after = newer.config("new");
      SegmentForecast forecast = ReweightJumpForecastLint.forecast(before, 0, after, 0);

      boolean sameHash = older.salt.equals(newer.salt) && older.field.equals(newer.field);
      assertThat(forecast.exact()).isEqualTo(sameHash);
      if (sameHash) {
        Map<Move, Long> reference = referenceMoves(before, after);
        long changed = reference.entrySet().stream()
            .filter(e -> e.getKey().changed()).mapToLong(Map.Entry::getValue).sum();
        assertThat(forecast.changedHashes()).as("pair %d", pair).isEqualTo(changed);
        reference.forEach((move, count) -> {
          if (move.changed()) {
            assertThat(forecast.moves().get(move)).isEqualTo((double) count / BucketSpace.HASHES);
          }
        });
      } else {
        Map<String, Long> p = referenceCounts(before);
        Map<String, Long> q = referenceCounts(after);
        double same = 0;
        for (Map.Entry<String, Long> e : p.entrySet()) {
          same += (double) e.getValue() / BucketSpace.HASHES
              * q.getOrDefault(e.getKey(), 0L) / BucketSpace.HASHES;
        }
        assertThat(forecast.changedShare()).isCloseTo(1 - same, org.assertj.core.api.Assertions.within(1e-12));
      }

      Map<Move, Long> observed = engineMoves(before, after, new Random(SEED + pair));
      long changed = observed.entrySet().stream()
          .filter(e -> e.getKey().changed()).mapToLong(Map.Entry::getValue).sum();
      double share = (double) changed / IDS;
      double p = forecast.changedShare();
      double sigma = Math.sqrt(p * (1 - p) / IDS);
      System.out.printf(Locale.ROOT, "pair %2d %-40s forecast %.6f (%s) engine %.6f |z| %.2f%n",
          pair, newer.change, p, forecast.exact() ? "exact" : "expected", share,
          sigma == 0 ? 0 : Math.abs(share - p) / sigma);
      if (p == 0 && forecast.exact()) {
        assertThat(changed).as("pair %d: nothing may move", pair).isZero();
      }
      assertThat(Math.abs(share - p)).as("pair %d changed share", pair).isLessThanOrEqualTo(5 * sigma + 1e-9);
      for (Map.Entry<Move, Double> move : forecast.moves().entrySet()) {
        double m = move.getValue();
        double seen = (double) observed.getOrDefault(move.getKey(), 0L) / IDS;
        assertThat(Math.abs(seen - m)).as("pair %d move %s", pair, move.getKey())
            .isLessThanOrEqualTo(5 * Math.sqrt(m * (1 - m) / IDS) + 1e-9);
      }
    }
  }

  /** Both versions evaluated by the engine for random user and device ids. */
  private static Map<Move, Long> engineMoves(FlagConfig before, FlagConfig after, Random random) {
    FlagEvaluator engine = FlagEvaluator.compile(List.of(before, after), Semantics.KOTLIN);
    Map<Move, Long> moves = new HashMap<>();
    Map<String, Object> user = new HashMap<>();
    Map<String, Object> context = Map.of("user", user);
    for (int i = 0; i < IDS; i++) {
      user.put("user_id", Long.toString(random.nextLong() >>> 1, 36));
      user.put("device_id", Long.toHexString(random.nextLong()));
      Evaluation e = engine.evaluate(context);
      moves.merge(new Move(outcome(e.results().get("old")), outcome(e.results().get("new"))), 1L, Long::sum);
    }
    return moves;
  }

  /** A one-segment flag without a result is the segment falling through. */
  private static String outcome(FlagResult result) {
    return result == null ? BucketSpace.FALLS_THROUGH : result.variantKey();
  }

  /** spec §3 {@code bucket()} for the point (a, d), written out on its own. */
  private static String referenceBucket(FlagConfig flag, long a, long d) {
    SegmentConfig segment = flag.segments().get(0);
    if (segment.bucket() != null) {
      for (AllocationConfig allocation : segment.bucket().allocations()) {
        if (allocation.start() <= a && a < allocation.end()) {
          for (DistributionConfig distribution : allocation.distributions()) {
            if (distribution.start() <= d && d < distribution.end()) {
              return known(flag, distribution.variant());
            }
          }
        }
      }
    }
    return known(flag, segment.variant());
  }

  private static String known(FlagConfig flag, String key) {
    return key != null && flag.variants().containsKey(key) ? key : BucketSpace.FALLS_THROUGH;
  }

  /** Every range boundary of the flags, clamped to the distribution buckets of allocation bucket a. */
  private static List<Long> boundaries(long a, FlagConfig... flags) {
    long size = a <= 95 ? 42_949_673L : 42_949_672L;
    TreeSet<Long> points = new TreeSet<>(List.of(0L, size));
    for (FlagConfig flag : flags) {
      if (flag.segments().get(0).bucket() == null) {
        continue;
      }
      for (AllocationConfig allocation : flag.segments().get(0).bucket().allocations()) {
        for (DistributionConfig distribution : allocation.distributions()) {
          points.add(Math.max(0, Math.min(size, distribution.start())));
          points.add(Math.max(0, Math.min(size, distribution.end())));
        }
      }
    }
    return new ArrayList<>(points);
  }

  private static Map<Move, Long> referenceMoves(FlagConfig before, FlagConfig after) {
    Map<Move, Long> moves = new LinkedHashMap<>();
    for (long a = 0; a < 100; a++) {
      List<Long> points = boundaries(a, before, after);
      for (int k = 0; k + 1 < points.size(); k++) {
        long d = points.get(k);
        moves.merge(new Move(referenceBucket(before, a, d), referenceBucket(after, a, d)),
            points.get(k + 1) - d, Long::sum);
      }
    }
    return moves;
  }

  private static Map<String, Long> referenceCounts(FlagConfig flag) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (long a = 0; a < 100; a++) {
      List<Long> points = boundaries(a, flag);
      for (int k = 0; k + 1 < points.size(); k++) {
        counts.merge(referenceBucket(flag, a, points.get(k)), points.get(k + 1) - points.get(k), Long::sum);
      }
    }
    return counts;
  }

  /** A random one-segment experiment, as the parts that a change may touch. */
  private static final class Version {
    String salt;
    String field;
    List<String> variants;
    String defaultVariant;
    String allocations;
    String change = "";

    static Version random(Random random) {
      Version v = new Version();
      v.salt = salt(random);
      v.field = random.nextBoolean() ? "user_id" : "device_id";
      v.variants = new ArrayList<>(ARMS.subList(0, 2 + random.nextInt(3)));
      v.defaultVariant = defaultVariant(random);
      v.allocations = allocations(random, v.variants);
      return v;
    }

    Version changed(Random random) {
      Version v = new Version();
      v.salt = salt;
      v.field = field;
      v.variants = new ArrayList<>(variants);
      v.defaultVariant = defaultVariant;
      v.allocations = allocations;
      List<String> changes = new ArrayList<>();
      if (random.nextInt(3) > 0) {
        v.allocations = allocations(random, v.variants);
        changes.add("ranges");
      }
      if (random.nextInt(5) == 0) {
        v.salt = salt(random);
        changes.add("salt");
      }
      if (random.nextInt(8) == 0) {
        v.field = field.equals("user_id") ? "device_id" : "user_id";
        changes.add("bucketing key");
      }
      if (random.nextInt(5) == 0) {
        v.defaultVariant = defaultVariant(random);
        changes.add("default");
      }
      if (random.nextInt(6) == 0) {
        changes.add("variant '" + v.variants.remove(v.variants.size() - 1) + "' removed");
      }
      v.change = changes.isEmpty() ? "no change" : String.join(", ", changes);
      return v;
    }

    FlagConfig config(String key) {
      StringBuilder variantsJson = new StringBuilder("\"off\": {\"key\": \"off\", \"metadata\": {\"default\": true}}");
      for (String variant : variants) {
        variantsJson.append(", \"").append(variant).append("\": {\"key\": \"").append(variant).append("\"}");
      }
      String json = "[{\"key\": \"" + key + "\", \"variants\": {" + variantsJson + "}, \"segments\": [{"
          + "\"bucket\": {\"selector\": [\"context\", \"user\", \"" + field + "\"], \"salt\": \"" + salt
          + "\", \"allocations\": " + allocations + "}"
          + (defaultVariant == null ? "" : ", \"variant\": \"" + defaultVariant + "\"") + "}]}]";
      return FlagConfigParser.parse(json, key).get(0);
    }

    private static String salt(Random random) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        s.append((char) ('a' + random.nextInt(26)));
      }
      return random.nextInt(4) == 0 ? s + "é漢" : s.toString();
    }

    private static String defaultVariant(Random random) {
      int r = random.nextInt(10);
      return r < 7 ? "off" : r < 9 ? null : "ghost";
    }

    /** One or two allocations; distributions as Amplitude derives them from weights, or raw. */
    private static String allocations(Random random, List<String> variants) {
      List<String> allocations = new ArrayList<>();
      int count = 1 + random.nextInt(2);
      for (int k = 0; k < count; k++) {
        int start = k == 0 ? random.nextInt(3) * 10 : 0;
        int end = start + random.nextInt(101 - start);
        allocations.add("{\"range\": [" + start + ", " + end + "], \"distributions\": ["
            + distributions(random, variants) + "]}");
      }
      return "[" + String.join(", ", allocations) + "]";
    }

    private static String distributions(Random random, List<String> variants) {
      List<String> out = new ArrayList<>();
      if (random.nextBoolean()) {
        long[] weights = new long[variants.size()];
        long total = 0;
        for (int i = 0; i < weights.length; i++) {
          weights[i] = random.nextInt(10);
          total += weights[i];
        }
        if (total == 0) {
          weights[0] = total = 1;
        }
        long cumulative = 0;
        double previous = 0;
        for (int i = 0; i < weights.length; i++) {
          cumulative += weights[i];
          double b = 42949673.0 * cumulative / total;
          out.add(String.format(Locale.ROOT, "{\"variant\": \"%s\", \"range\": [%d, %d]}",
              variants.get(i), (long) Math.floor(previous), (long) Math.ceil(b)));
          previous = b;
        }
      } else {
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
          long a = (long) (random.nextDouble() * 42_949_673L);
          long b = (long) (random.nextDouble() * 42_949_673L);
          String variant = random.nextInt(8) == 0 ? "ghost" : variants.get(random.nextInt(variants.size()));
          out.add(String.format(Locale.ROOT, "{\"variant\": \"%s\", \"range\": [%d, %d]}",
              variant, Math.min(a, b), Math.max(a, b)));
        }
      }
      return String.join(", ", out);
    }
  }
}
