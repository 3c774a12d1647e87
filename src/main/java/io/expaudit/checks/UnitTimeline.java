package io.expaudit.checks;

import io.expaudit.model.PropertyState;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One unit's events of one flag, compacted for the report's drill-down ({@code report.html}: the
 * worst units with their timelines): one entry per event, with what it logged and what it should
 * have; consecutive events that log no variant themselves and carry the same property, expectation
 * and version merge into one entry.
 *
 * @param omitted entries left out after the first {@code entries.size()}
 */
public record UnitTimeline(String flagKey, String unitId, List<Entry> entries, int omitted)
    implements Serializable {

  /** Entries kept per unit and flag: enough for the story, bounded for the unit stage's output. */
  public static final int MAX_ENTRIES = 40;

  public UnitTimeline {
    entries = List.copyOf(entries);
  }

  /**
   * One event, or {@code events} consecutive alike ones from {@code time} to {@code lastTime}.
   *
   * @param loggedBy {@link Source#ASSIGNMENT} or {@link Source#EXPOSURE} when the event logged a
   *     variant for the flag itself, else null
   * @param loggedVariant what that assignment or exposure logged (null: no variant)
   * @param property the {@code [Experiment] <flag>} user property's variant, null when missing
   * @param expectedVariant the recomputed variant, null for none or unknown
   * @param version the config version the expectation used, or null
   * @param mismatch the {@code ASSIGNMENT_MISMATCH} cause when the event disagrees, else null
   */
  public record Entry(long time, long lastTime, int events, String eventType, Source loggedBy,
      String loggedVariant, String property, String expectedVariant, Expectation.Status expectation,
      Long version, String mismatch) implements Serializable {

    boolean sameStateAs(Entry o) {
      return loggedBy == null && o.loggedBy == null && Objects.equals(property, o.property)
          && Objects.equals(expectedVariant, o.expectedVariant) && expectation == o.expectation
          && Objects.equals(version, o.version);
    }
  }

  /** Compacts a timeline, keeping at most {@code max} entries. */
  public static UnitTimeline of(UnitFlagTimeline timeline, int max) {
    List<Entry> entries = new ArrayList<>();
    List<FlagObservation> observations = timeline.observations();
    for (int i = 0; i < observations.size(); ) {
      // an event's observations are consecutive: its assignment or exposure, then its property
      FlagObservation first = observations.get(i);
      FlagObservation logged = null;
      FlagObservation property = null;
      for (; i < observations.size() && observations.get(i).event() == first.event(); i++) {
        FlagObservation o = observations.get(i);
        if (o.source() == Source.USER_PROPERTY) {
          property = o;
        } else {
          logged = o;
        }
      }
      Expectation e = first.expected();
      Entry entry = new Entry(first.time(), first.time(), 1, first.event().eventType(),
          logged == null ? null : logged.source(), logged == null ? null : logged.variant(),
          property == null || property.state() != PropertyState.PRESENT ? null : property.variant(),
          e.variant(), e.status(), e.version(),
          logged == null || !logged.carriesAssignment() ? null : AssignmentMismatchCheck.cause(logged));
      Entry previous = entries.isEmpty() ? null : entries.get(entries.size() - 1);
      if (previous != null && previous.sameStateAs(entry)) {
        entries.set(entries.size() - 1, new Entry(previous.time(), entry.time(), previous.events() + 1,
            previous.eventType(), null, null, previous.property(), previous.expectedVariant(),
            previous.expectation(), previous.version(), null));
      } else {
        entries.add(entry);
      }
    }
    int kept = Math.min(max, entries.size());
    return new UnitTimeline(timeline.flagKey(), timeline.unitId(), entries.subList(0, kept),
        entries.size() - kept);
  }
}
