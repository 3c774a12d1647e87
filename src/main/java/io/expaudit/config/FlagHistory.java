package io.expaudit.config;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The history of a deployment's flags built from its snapshots (DESIGN.md, Inputs): for each flag,
 * the distinct {@code (key, metadata.flagVersion)} configs with the time each was first and last
 * captured. Immutable and serializable.
 */
public final class FlagHistory implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * One version of one flag.
   *
   * @param version {@code metadata.flagVersion}, or 0 when the config has none
   * @param firstSeen capture time of the first snapshot holding it
   * @param lastSeen capture time of the last snapshot holding it
   */
  public record FlagVersion(
      String flagKey, long version, FlagConfig config, Instant firstSeen, Instant lastSeen)
      implements Serializable {}

  private final List<Snapshot> snapshots;
  private final Map<String, NavigableMap<Long, FlagVersion>> versions;

  private FlagHistory(List<Snapshot> snapshots, Map<String, NavigableMap<Long, FlagVersion>> versions) {
    this.snapshots = snapshots;
    this.versions = versions;
  }

  /** Builds the history; snapshots may come in any order. */
  public static FlagHistory of(List<Snapshot> snapshots) {
    List<Snapshot> sorted = new ArrayList<>(snapshots);
    sorted.sort(Comparator.comparing(Snapshot::capturedAt));
    Map<String, NavigableMap<Long, FlagVersion>> versions = new HashMap<>();
    for (Snapshot snapshot : sorted) {
      for (FlagConfig flag : snapshot.flags()) {
        long version = flag.flagVersion() == null ? 0 : flag.flagVersion();
        NavigableMap<Long, FlagVersion> byVersion =
            versions.computeIfAbsent(flag.key(), k -> new TreeMap<>());
        FlagVersion known = byVersion.get(version);
        byVersion.put(
            version,
            known == null
                ? new FlagVersion(flag.key(), version, flag, snapshot.capturedAt(), snapshot.capturedAt())
                : new FlagVersion(flag.key(), version, known.config(), known.firstSeen(), snapshot.capturedAt()));
      }
    }
    return new FlagHistory(Collections.unmodifiableList(sorted), versions);
  }

  public List<Snapshot> snapshots() {
    return snapshots;
  }

  /** Every flag key seen in any snapshot, sorted. */
  public List<String> flagKeys() {
    return List.copyOf(new TreeSet<>(versions.keySet()));
  }

  /** The versions of a flag, oldest first; empty when the flag was never captured. */
  public List<FlagVersion> versions(String flagKey) {
    NavigableMap<Long, FlagVersion> byVersion = versions.get(flagKey);
    return byVersion == null ? List.of() : List.copyOf(byVersion.values());
  }

  /** A captured version, or null when that version is in no snapshot. */
  public FlagVersion version(String flagKey, long version) {
    NavigableMap<Long, FlagVersion> byVersion = versions.get(flagKey);
    return byVersion == null ? null : byVersion.get(version);
  }

  /**
   * The version in force at {@code time} when the event names none (DESIGN.md, Definitions): the
   * newest version whose first snapshot was captured at or before {@code time}; null when there is
   * none (the event is older than the flag's first capture).
   */
  public FlagVersion versionInForce(String flagKey, Instant time) {
    NavigableMap<Long, FlagVersion> byVersion = versions.get(flagKey);
    if (byVersion == null) {
      return null;
    }
    FlagVersion best = null;
    for (FlagVersion v : byVersion.values()) {
      if (!v.firstSeen().isAfter(time)) {
        best = v;
      }
    }
    return best;
  }

  /** Index of the newest snapshot captured at or before {@code time}, or -1. */
  public int snapshotIndexAt(Instant time) {
    int lo = 0;
    int hi = snapshots.size() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (!snapshots.get(mid).capturedAt().isAfter(time)) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /**
   * Whether the deployment still served the flag at {@code time}: false after a snapshot that no
   * longer holds it (a deleted or archived flag).
   */
  public boolean servedAt(String flagKey, Instant time) {
    int index = snapshotIndexAt(time);
    if (index < 0) {
      return true; // before the first capture nothing is known; do not call it deleted
    }
    for (FlagConfig flag : snapshots.get(index).flags()) {
      if (flag.key().equals(flagKey)) {
        return true;
      }
    }
    return false;
  }
}
