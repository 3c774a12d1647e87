package io.expaudit.lint;

import io.expaudit.config.FlagConfig;
import io.expaudit.config.FlagHistory;
import io.expaudit.config.FlagHistory.FlagVersion;
import io.expaudit.config.SegmentConfig;
import io.expaudit.config.Snapshot;
import io.expaudit.model.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code SALT_REUSE} (ERROR): two or more flags served together (in one snapshot) bucket with the
 * same salt. The hash is {@code murmur3(salt + "/" + value)} (spec §3.1): with one salt and one
 * bucketing key, a unit has the same hash in both flags, so with similar ranges the same units
 * land in the same arms of both experiments and their effects cannot be told apart. With different
 * bucketing keys the hashes agree only for units whose ids coincide; that is reported too, as the
 * detail says. One finding per flag involved, naming the others.
 */
public final class SaltReuseLint implements ConfigLint {
  @Override
  public String id() {
    return "SALT_REUSE";
  }

  @Override
  public Severity severity() {
    return Severity.ERROR;
  }

  @Override
  public String explanation() {
    return "Amplitude hashes salt/bucketing-value to place a unit, and gives every flag its own"
        + " salt so that assignments in different flags are independent. Two flags with the same"
        + " salt and bucketing key hash every unit to the same bucket: the units in the first 50 %"
        + " of one are the units in the first 50 % of the other, so the experiments' effects are"
        + " confounded and any interaction shows up as an effect of each.";
  }

  @Override
  public String fixHint() {
    return "Give each flag its own salt (Amplitude generates one per flag; a copied or imported"
        + " config may carry another's). Changing a live flag's salt reshuffles its units:"
        + " do it between experiments, or in a new flag.";
  }

  private record Use(FlagConfig flag, int segment) {}

  @Override
  public List<LintFinding> lint(FlagHistory history, LintSettings settings) {
    List<LintFinding> findings = new ArrayList<>();
    for (Snapshot snapshot : history.snapshots()) {
      Map<String, Map<String, Use>> bySalt = new LinkedHashMap<>();
      for (FlagConfig flag : snapshot.flags()) {
        for (int i = 0; i < flag.segments().size(); i++) {
          SegmentConfig segment = flag.segments().get(i);
          if (segment.bucket() != null) {
            bySalt.computeIfAbsent(segment.bucket().salt(), s -> new LinkedHashMap<>())
                .putIfAbsent(flag.key(), new Use(flag, i));
          }
        }
      }
      for (Map.Entry<String, Map<String, Use>> e : bySalt.entrySet()) {
        if (e.getValue().size() > 1) {
          report(history, e.getKey(), e.getValue(), findings);
        }
      }
    }
    return findings;
  }

  private void report(FlagHistory history, String salt, Map<String, Use> uses, List<LintFinding> out) {
    for (Use use : uses.values()) {
      List<String> others = new ArrayList<>();
      boolean sameKey = true;
      List<String> selector = use.flag().segments().get(use.segment()).bucket().selector();
      for (Use other : uses.values()) {
        if (other != use) {
          others.add("'" + other.flag().key() + "'");
          sameKey &= other.flag().segments().get(other.segment()).bucket().selector().equals(selector);
        }
      }
      String effect = sameKey
          ? "all bucket on " + Segments.path(selector) + ", so every unit has the same hash in each"
              + " and their assignments are correlated"
          : "they bucket on different keys, so the assignments are correlated for units whose ids"
              + " coincide";
      Long version = use.flag().flagVersion();
      FlagVersion flagVersion = history.version(use.flag().key(), version == null ? 0 : version);
      out.add(finding(flagVersion, Segments.name(use.flag(), use.segment()),
          sameKey ? "SAME_BUCKETING_KEY" : "OTHER_BUCKETING_KEY",
          "Salt '" + salt + "' is also used by " + String.join(", ", others) + "; " + effect + "."));
    }
  }
}
