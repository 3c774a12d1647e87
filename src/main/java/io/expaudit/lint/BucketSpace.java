package io.expaudit.lint;

import io.expaudit.config.AllocationConfig;
import io.expaudit.config.BucketConfig;
import io.expaudit.config.DistributionConfig;
import io.expaudit.config.FlagConfig;
import io.expaudit.config.SegmentConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one segment yields for every possible hash, exactly (spec §3, §3.2).
 *
 * <p>A unit's unsigned 32-bit hash {@code h} splits into the allocation bucket {@code a = h % 100}
 * and the distribution bucket {@code d = floor(h / 100)}; {@code h = 100·d + a} is a bijection, so
 * the 2<sup>32</sup> hashes are the points {@code (a, d)} with {@code d} in {@code [0, 42949672]},
 * except that {@code d = 42949672} exists only for {@code a <= 95} ({@code 2^32 - 1 = 100·42949672
 * + 95}). For each {@code a} this class keeps the partition of {@code d} into intervals by outcome,
 * following the engine's rules: allocations in order, their distributions in order, the first hit
 * wins, a point no distribution covers gets the segment's default. An outcome names a variant key
 * of the flag, or {@link #FALLS_THROUGH} when the engine yields nothing there (no default, or a key
 * missing from {@code variants}) and evaluation moves on to the next segment.
 *
 * <p>A segment without a bucket yields its default for every unit, so it is one constant outcome.
 * Units without a bucketing value also get the default (spec §3 consequence 4); counts here are
 * over hashes, i.e. over units that have a bucketing value. The default is resolved the Kotlin way
 * (an explicit {@code "variant": null} is no default; spec §6.9 row 14).
 */
public final class BucketSpace {
  /** The outcome where the segment yields nothing and evaluation continues with the next segment. */
  public static final String FALLS_THROUGH = "(falls through)";

  /** Number of 32-bit hashes: the denominator of every share. */
  public static final long HASHES = 1L << 32;

  /** The largest distribution bucket, {@code floor((2^32 - 1) / 100)}. */
  static final long LAST_D = 42_949_672L;

  /** The largest allocation bucket that has {@link #LAST_D}: {@code (2^32 - 1) % 100}. */
  static final int LAST_A_WITH_LAST_D = 95;

  /**
   * One interval {@code [start, end)} of distribution buckets with one outcome; {@code allocated}
   * when a distribution gave it (not the segment default).
   */
  record Piece(long start, long end, String outcome, boolean allocated) {
    long length() {
      return end - start;
    }
  }

  private final List<List<Piece>> byAllocationBucket; // index a, pieces sorted and covering
  private final boolean hashed;

  private BucketSpace(List<List<Piece>> byAllocationBucket, boolean hashed) {
    this.byAllocationBucket = byAllocationBucket;
    this.hashed = hashed;
  }

  /** Number of distribution buckets {@code d} that exist for allocation bucket {@code a}. */
  static long distributionBuckets(int a) {
    return a <= LAST_A_WITH_LAST_D ? LAST_D + 1 : LAST_D;
  }

  /** The outcomes of segment {@code index} of {@code flag}. */
  public static BucketSpace of(FlagConfig flag, int index) {
    SegmentConfig segment = flag.segments().get(index);
    String fallback = resolve(flag, segment.variant());
    BucketConfig bucket = segment.bucket();
    List<List<Piece>> pieces = new ArrayList<>(100);
    for (int a = 0; a < 100; a++) {
      long size = distributionBuckets(a);
      List<Piece> row =
          bucket == null
              ? List.of(new Piece(0, size, fallback, false))
              : partition(flag, bucket, a, size, fallback);
      pieces.add(row);
    }
    return new BucketSpace(pieces, bucket != null);
  }

  /** A variant key if the flag has it, else {@link #FALLS_THROUGH} (spec §3 consequence 3). */
  static String resolve(FlagConfig flag, String variantKey) {
    return variantKey != null && flag.variants().containsKey(variantKey) ? variantKey : FALLS_THROUGH;
  }

  private static List<Piece> partition(
      FlagConfig flag, BucketConfig bucket, int a, long size, String fallback) {
    List<Piece> assigned = new ArrayList<>();
    for (AllocationConfig allocation : bucket.allocations()) {
      if (a < allocation.start() || a >= allocation.end()) {
        continue;
      }
      for (DistributionConfig distribution : allocation.distributions()) {
        long start = Math.max(distribution.start(), 0L);
        long end = Math.min(distribution.end(), size);
        if (start < end) {
          claim(assigned, start, end, resolve(flag, distribution.variant()));
        }
      }
    }
    assigned.sort((x, y) -> Long.compare(x.start(), y.start()));
    List<Piece> row = new ArrayList<>();
    long at = 0;
    for (Piece piece : assigned) {
      if (piece.start() > at) {
        append(row, new Piece(at, piece.start(), fallback, false));
      }
      append(row, piece);
      at = piece.end();
    }
    if (at < size) {
      append(row, new Piece(at, size, fallback, false));
    }
    return row;
  }

  /** Adds the parts of {@code [start, end)} no earlier distribution took: the first hit wins. */
  private static void claim(List<Piece> assigned, long start, long end, String outcome) {
    List<long[]> free = new ArrayList<>();
    free.add(new long[] {start, end});
    for (Piece taken : assigned) {
      List<long[]> next = new ArrayList<>();
      for (long[] gap : free) {
        if (taken.end() <= gap[0] || taken.start() >= gap[1]) {
          next.add(gap);
          continue;
        }
        if (gap[0] < taken.start()) {
          next.add(new long[] {gap[0], taken.start()});
        }
        if (taken.end() < gap[1]) {
          next.add(new long[] {taken.end(), gap[1]});
        }
      }
      free = next;
    }
    for (long[] gap : free) {
      assigned.add(new Piece(gap[0], gap[1], outcome, true));
    }
  }

  /** Appends, merging with the previous piece when the outcome is the same. */
  private static void append(List<Piece> row, Piece piece) {
    if (!row.isEmpty()) {
      Piece last = row.get(row.size() - 1);
      if (last.outcome().equals(piece.outcome())
          && last.allocated() == piece.allocated()
          && last.end() == piece.start()) {
        row.set(row.size() - 1,
            new Piece(last.start(), piece.end(), piece.outcome(), piece.allocated()));
        return;
      }
    }
    row.add(piece);
  }

  /** Whether the outcome depends on the hash at all (false: a segment without a bucket). */
  public boolean hashed() {
    return hashed;
  }

  /** The number of hashes per outcome, in order of first appearance. Sums to {@link #HASHES}. */
  public Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (List<Piece> row : byAllocationBucket) {
      for (Piece piece : row) {
        counts.merge(piece.outcome(), piece.length(), Long::sum);
      }
    }
    return counts;
  }

  /**
   * The number of hashes covered by some distribution of an allocation, i.e. not left to the
   * segment default: the rollout, counted exactly. Zero for a segment without a bucket.
   */
  public long allocatedCount() {
    long covered = 0;
    for (List<Piece> row : byAllocationBucket) {
      for (Piece piece : row) {
        if (piece.allocated()) {
          covered += piece.length();
        }
      }
    }
    return covered;
  }

  /** The number of hashes per outcome among the allocated ones (see {@link #allocatedCount}). */
  public Map<String, Long> allocatedCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (List<Piece> row : byAllocationBucket) {
      for (Piece piece : row) {
        if (piece.allocated()) {
          counts.merge(piece.outcome(), piece.length(), Long::sum);
        }
      }
    }
    return counts;
  }

  /**
   * For every pair {@code (before, after)} of outcomes, the number of hashes that have outcome
   * {@code before} here and {@code after} in {@code other}, both read at the same hash: exact
   * when both segments hash the same string (same salt and bucketing value), or when either has
   * no bucket. Pairs with equal outcomes are included.
   */
  public Map<Move, Long> movesTo(BucketSpace other) {
    Map<Move, Long> moves = new LinkedHashMap<>();
    for (int a = 0; a < 100; a++) {
      List<Piece> left = byAllocationBucket.get(a);
      List<Piece> right = other.byAllocationBucket.get(a);
      int i = 0;
      int j = 0;
      long at = 0;
      while (i < left.size() && j < right.size()) {
        Piece l = left.get(i);
        Piece r = right.get(j);
        long end = Math.min(l.end(), r.end());
        if (end > at) {
          moves.merge(new Move(l.outcome(), r.outcome()), end - at, Long::sum);
          at = end;
        }
        if (l.end() == end) {
          i++;
        }
        if (r.end() == end) {
          j++;
        }
      }
    }
    return moves;
  }

  /** A unit's outcome before and after a change. */
  public record Move(String from, String to) {
    public boolean changed() {
      return !from.equals(to);
    }

    @Override
    public String toString() {
      return from + " → " + to;
    }
  }
}
