package io.expaudit.lint;

import io.expaudit.config.BucketConfig;
import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagHistory;
import io.expaudit.config.FlagHistory.FlagVersion;
import io.expaudit.config.SegmentConfig;
import io.expaudit.lint.BucketSpace.Move;
import io.expaudit.model.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code REWEIGHT_JUMP_FORECAST} (WARN): for each change between consecutive versions of a flag,
 * the share of units whose expected variant changes, and between which variants they move.
 *
 * <p><b>What is forecast.</b> Per segment present in both versions (paired by name, else by
 * position): among the units that this segment decides in both versions and that have a
 * bucketing value, the share whose variant changes. When both versions hash the same string (same
 * salt and bucketing key), or either side has no bucket, the share is <em>exact</em>: the old and
 * new outcomes are compared over all 2<sup>32</sup> hashes from the served ranges ({@link
 * BucketSpace}), with no sampling. When the salt or the bucketing key changed, a unit's old and
 * new hashes are unrelated, and the share is the <em>expected</em> one, {@code 1 − Σ p_v·q_v}
 * over the old and new shares of each outcome. {@code (falls through)} stands for units the
 * segment passes on to the next one.
 *
 * <p>A finding per segment whose share is above zero: WARN when some units move between two real
 * variants (neither the default variant nor falling through), which the audit will see as {@code
 * VARIANT_JUMP}; INFO when units only enter or leave the experiment (a rollout change). Cause:
 * what changed in the segment ({@code SALT}, {@code BUCKETING_KEY}, {@code BUCKET}, {@code
 * ROLLOUT}, {@code WEIGHTS}, {@code RANGES}, {@code DEFAULT_VARIANT}, {@code VARIANTS}, joined by
 * {@code +}). Changes of targeting (segments added, removed or reordered, conditions or
 * dependencies changed) move units between segments by their context, which configs alone cannot
 * count: they get one INFO finding, cause {@code TARGETING}, saying so.
 */
public final class ReweightJumpForecastLint implements ConfigLint {
  @Override
  public String id() {
    return "REWEIGHT_JUMP_FORECAST";
  }

  @Override
  public Severity severity() {
    return Severity.WARN;
  }

  @Override
  public String explanation() {
    return "Amplitude recomputes a unit's variant from the current ranges at every evaluation."
        + " Changing weights mid-experiment, shrinking a rollout or changing the salt or bucketing"
        + " key moves units that were already exposed to one variant into another: they see both,"
        + " their outcomes mix the two arms, and the analysis must drop or reassign them. The"
        + " share below is the fraction of the segment's units that the change moves.";
  }

  @Override
  public String fixHint() {
    return "Do not reweight a running experiment: restart it (new flag or new salt, fresh"
        + " analysis window) or only add units (raise the rollout, keep the weights); exclude the"
        + " moved units from the analysis and expect VARIANT_JUMP findings from the audit.";
  }

  /**
   * The forecast for one segment.
   *
   * @param exact true when computed over all hashes; false for the expectation under independent
   *     hashes (salt or bucketing key changed)
   * @param changedHashes when exact, the number of the 2<sup>32</sup> hashes whose outcome changes
   * @param changedShare the share of the segment's units whose outcome changes
   * @param jumpShare the part of it that moves between two real variants
   * @param moves the share moving for each changed pair, largest first
   */
  public record SegmentForecast(
      boolean exact, Long changedHashes, double changedShare, double jumpShare,
      Map<Move, Double> moves) {}

  /** Forecasts the units of segment {@code i} of {@code older} as segment {@code j} of {@code newer}. */
  public static SegmentForecast forecast(FlagConfig older, int i, FlagConfig newer, int j) {
    BucketSpace before = BucketSpace.of(older, i);
    BucketSpace after = BucketSpace.of(newer, j);
    boolean exact = !before.hashed() || !after.hashed()
        || sameHash(older.segments().get(i).bucket(), newer.segments().get(j).bucket());
    Map<Move, Double> moves = new LinkedHashMap<>();
    Long changedHashes = null;
    if (exact) {
      long changed = 0;
      for (Map.Entry<Move, Long> e : before.movesTo(after).entrySet()) {
        if (e.getKey().changed()) {
          moves.put(e.getKey(), (double) e.getValue() / BucketSpace.HASHES);
          changed += e.getValue();
        }
      }
      changedHashes = changed;
    } else {
      for (Map.Entry<String, Long> p : before.counts().entrySet()) {
        for (Map.Entry<String, Long> q : after.counts().entrySet()) {
          Move move = new Move(p.getKey(), q.getKey());
          if (move.changed()) {
            moves.put(move, (double) p.getValue() / BucketSpace.HASHES
                * q.getValue() / BucketSpace.HASHES);
          }
        }
      }
    }
    Map<Move, Double> sorted = new LinkedHashMap<>();
    moves.entrySet().stream()
        .sorted(Map.Entry.<Move, Double>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    double changedShare = exact
        ? (double) changedHashes / BucketSpace.HASHES
        : sorted.values().stream().mapToDouble(Double::doubleValue).sum();
    double jumpShare = 0;
    for (Map.Entry<Move, Double> e : sorted.entrySet()) {
      if (Segments.isRealVariant(older, e.getKey().from())
          && Segments.isRealVariant(newer, e.getKey().to())) {
        jumpShare += e.getValue();
      }
    }
    return new SegmentForecast(exact, changedHashes, changedShare, jumpShare, sorted);
  }

  private static boolean sameHash(BucketConfig a, BucketConfig b) {
    return a.salt().equals(b.salt()) && a.selector().equals(b.selector());
  }

  @Override
  public List<LintFinding> lint(FlagHistory history, LintSettings settings) {
    List<LintFinding> findings = new ArrayList<>();
    for (String key : history.flagKeys()) {
      List<FlagVersion> versions = history.versions(key);
      for (int k = 1; k < versions.size(); k++) {
        change(versions.get(k - 1), versions.get(k), findings);
      }
    }
    return findings;
  }

  private void change(FlagVersion from, FlagVersion to, List<LintFinding> out) {
    FlagConfig older = from.config();
    FlagConfig newer = to.config();
    String versions = "v" + from.version() + " → v" + to.version();
    Segments.Matching matching = Segments.match(older, newer);
    List<String> targeting = new ArrayList<>();
    for (int i : matching.removed()) {
      targeting.add("segment " + Segments.label(older, i) + " removed");
    }
    for (int j : matching.added()) {
      targeting.add("segment " + Segments.label(newer, j) + " added");
    }
    if (matching.reordered()) {
      targeting.add("segments reordered");
    }
    if (!older.dependencies().equals(newer.dependencies())) {
      targeting.add("dependencies changed");
    }
    for (Segments.Pair pair : matching.pairs()) {
      SegmentConfig before = older.segments().get(pair.older());
      SegmentConfig after = newer.segments().get(pair.newer());
      if (!Objects.equals(before.conditions(), after.conditions())) {
        targeting.add("conditions of " + Segments.label(newer, pair.newer()) + " changed");
      }
      SegmentForecast forecast = forecast(older, pair.older(), newer, pair.newer());
      if (forecast.changedShare() > 0) {
        out.add(segmentFinding(to, versions, newer, pair.newer(), cause(older, pair.older(),
            newer, pair.newer()), forecast));
      }
    }
    if (!targeting.isEmpty()) {
      out.add(finding(to, Severity.INFO, null, "TARGETING",
          versions + ": targeting changed (" + String.join("; ", targeting) + "): units may move"
              + " between segments by their context, which this forecast does not count.",
          Map.of()));
    }
  }

  private LintFinding segmentFinding(FlagVersion to, String versions, FlagConfig newer, int j,
      String cause, SegmentForecast forecast) {
    List<String> pairs = new ArrayList<>();
    Map<String, Double> measures = new LinkedHashMap<>();
    measures.put("changed_share", forecast.changedShare());
    measures.put("jump_share", forecast.jumpShare());
    forecast.moves().forEach((move, share) -> {
      pairs.add(move + " " + Shares.percent(share));
      measures.put(move.toString(), share);
    });
    String how = forecast.exact()
        ? "exact, from the bucket ranges"
        : "expected: with a new salt or bucketing key a unit's old and new buckets are independent";
    String jump = forecast.jumpShare() > 0
        ? " " + Shares.percent(forecast.jumpShare()) + " move from one variant to another and will"
            + " show as VARIANT_JUMP."
        : " No unit moves between two variants: they only enter or leave the experiment.";
    return finding(to, forecast.jumpShare() > 0 ? severity() : Severity.INFO,
        Segments.name(newer, j), cause,
        versions + ", segment " + Segments.label(newer, j) + ": "
            + Shares.percent(forecast.changedShare()) + " of the units it decides in both versions"
            + " change expected variant (" + how + "): " + String.join(", ", pairs) + "." + jump,
        measures);
  }

  /** What changed in a segment, as cause names joined by {@code +}. */
  private static String cause(FlagConfig older, int i, FlagConfig newer, int j) {
    SegmentConfig before = older.segments().get(i);
    SegmentConfig after = newer.segments().get(j);
    List<String> causes = new ArrayList<>();
    BucketConfig b = before.bucket();
    BucketConfig a = after.bucket();
    if ((b == null) != (a == null)) {
      causes.add("BUCKET");
    } else if (b != null) {
      if (!b.salt().equals(a.salt())) {
        causes.add("SALT");
      }
      if (!b.selector().equals(a.selector())) {
        causes.add("BUCKETING_KEY");
      }
      if (!b.allocations().equals(a.allocations())) {
        BucketSpace old = BucketSpace.of(older, i);
        BucketSpace now = BucketSpace.of(newer, j);
        boolean rollout = old.allocatedCount() != now.allocatedCount();
        boolean weights = !ConfigDiff.weights(old).equals(ConfigDiff.weights(now));
        if (rollout) {
          causes.add("ROLLOUT");
        }
        if (weights) {
          causes.add("WEIGHTS");
        }
        if (!rollout && !weights) {
          causes.add("RANGES");
        }
      }
    }
    if (!Objects.equals(before.variant(), after.variant())) {
      causes.add("DEFAULT_VARIANT");
    }
    if (causes.isEmpty()) {
      causes.add("VARIANTS"); // a variant key added or removed changes what falls through
    }
    return String.join("+", causes);
  }
}
