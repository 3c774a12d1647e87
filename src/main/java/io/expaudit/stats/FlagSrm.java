package io.expaudit.stats;

import java.util.Comparator;
import java.util.List;

/**
 * The SRM results of one flag, one per config version tested in the run.
 *
 * @param versions by version, oldest first
 */
public record FlagSrm(String flagKey, List<VersionSrm> versions) {
  public FlagSrm {
    versions = versions.stream().sorted(Comparator.comparingLong(VersionSrm::flagVersion)).toList();
  }

  /** Whether any version is flagged. */
  public boolean flagged() {
    return versions.stream().anyMatch(VersionSrm::flagged);
  }

  /**
   * The version summary.json's {@code srm} object shows: the flagged version with the strongest
   * evidence (smallest of its adjusted and sequential p-values) if any is flagged, else the newest
   * version.
   */
  public VersionSrm reported() {
    return versions.stream()
        .filter(VersionSrm::flagged)
        .min(Comparator.comparingDouble(FlagSrm::evidence))
        .orElse(versions.get(versions.size() - 1));
  }

  /** The smaller of a version's adjusted fixed and sequential p-values (1 when it has neither). */
  static double evidence(VersionSrm version) {
    double fixed = version.adjustedPValue() == null ? 1 : version.adjustedPValue();
    double sequential = version.sequentialPValue() == null ? 1 : version.sequentialPValue();
    return Math.min(fixed, sequential);
  }
}
