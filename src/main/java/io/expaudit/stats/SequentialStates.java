package io.expaudit.stats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The sequential states of every flag version a run knows, sorted by flag key and version: what is
 * read from the state folder before a run and written back after it.
 */
public record SequentialStates(List<SequentialState> states) {
  private static final Comparator<SequentialState> ORDER =
      Comparator.comparing(SequentialState::flagKey).thenComparingLong(SequentialState::flagVersion);

  public SequentialStates {
    List<SequentialState> sorted = new ArrayList<>(states);
    sorted.sort(ORDER);
    for (int i = 1; i < sorted.size(); i++) {
      if (ORDER.compare(sorted.get(i - 1), sorted.get(i)) == 0) {
        throw new IllegalArgumentException("two states for flag " + sorted.get(i).flagKey() + " v"
            + sorted.get(i).flagVersion());
      }
    }
    states = List.copyOf(sorted);
  }

  public static SequentialStates empty() {
    return new SequentialStates(List.of());
  }

  public static SequentialStates of(Collection<SequentialState> states) {
    return new SequentialStates(List.copyOf(states));
  }

  public Optional<SequentialState> find(String flagKey, long flagVersion) {
    return states.stream()
        .filter(s -> s.flagKey().equals(flagKey) && s.flagVersion() == flagVersion)
        .findFirst();
  }

  /** These states with {@code state} in place of the one for its flag version. */
  public SequentialStates with(SequentialState state) {
    List<SequentialState> all = new ArrayList<>(states);
    all.removeIf(s -> s.flagKey().equals(state.flagKey()) && s.flagVersion() == state.flagVersion());
    all.add(state);
    return new SequentialStates(all);
  }
}
