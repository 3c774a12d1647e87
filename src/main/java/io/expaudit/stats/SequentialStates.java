package io.expaudit.stats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The sequential states of every flag version a run knows, sorted by flag key and version: what is
 * read from the state folder before a run and written back after it.
 *
 * @param priorConcentration the prior concentration c the looks were computed with, or null when
 *     there are no looks yet. Looks computed with another c cannot be combined: a Bayes factor
 *     depends on c (health-checks §1.7).
 */
public record SequentialStates(Double priorConcentration, List<SequentialState> states) {
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
    if (priorConcentration == null && !sorted.isEmpty()) {
      throw new IllegalArgumentException("states with looks need the prior concentration they used");
    }
    states = List.copyOf(sorted);
  }

  /** No state yet: the first run, or a run without a state folder. */
  public static SequentialStates empty() {
    return new SequentialStates(null, List.of());
  }

  public static SequentialStates of(double priorConcentration, Collection<SequentialState> states) {
    return new SequentialStates(priorConcentration, List.copyOf(states));
  }

  public Optional<SequentialState> find(String flagKey, long flagVersion) {
    return states.stream()
        .filter(s -> s.flagKey().equals(flagKey) && s.flagVersion() == flagVersion)
        .findFirst();
  }
}
