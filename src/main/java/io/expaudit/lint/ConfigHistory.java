package io.expaudit.lint;

import io.expaudit.config.FlagHistory;
import io.expaudit.config.FlagHistory.FlagVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The config history of one flag for people and the report: each version with the span it was
 * live and what changed from the version before ({@link ConfigDiff}).
 */
public final class ConfigHistory {
  private ConfigHistory() {}

  /**
   * One version of a flag.
   *
   * @param firstSeen first capture holding it: live from then (or a little earlier, between the
   *     previous capture and this one)
   * @param lastSeen last capture holding it
   * @param supersededAt first capture of the next version, or null for the newest
   * @param servedAtEnd whether the newest snapshot of the history still holds the flag (false: it
   *     was deleted or archived after {@code lastSeen}); the same for every version of a flag
   * @param changes the readable diff from the previous version; empty for the first
   */
  public record VersionSpan(
      String flagKey,
      long version,
      Instant firstSeen,
      Instant lastSeen,
      Instant supersededAt,
      boolean servedAtEnd,
      List<String> changes) {}

  /** The versions of {@code flagKey}, oldest first. */
  public static List<VersionSpan> of(FlagHistory history, String flagKey) {
    List<FlagVersion> versions = history.versions(flagKey);
    Instant end = history.snapshots().isEmpty()
        ? null : history.snapshots().get(history.snapshots().size() - 1).capturedAt();
    boolean served = end == null || history.servedAt(flagKey, end);
    List<VersionSpan> spans = new ArrayList<>();
    for (int i = 0; i < versions.size(); i++) {
      FlagVersion v = versions.get(i);
      Instant superseded = i + 1 < versions.size() ? versions.get(i + 1).firstSeen() : null;
      List<String> changes =
          i == 0 ? List.of() : ConfigDiff.lines(versions.get(i - 1).config(), v.config());
      spans.add(new VersionSpan(flagKey, v.version(), v.firstSeen(), v.lastSeen(), superseded,
          served, List.copyOf(changes)));
    }
    return spans;
  }
}
