package io.expaudit.eval;

import java.util.List;

/** Flags whose dependencies form a cycle; both engines refuse to evaluate them (spec §4.1). */
public final class DependencyCycleException extends RuntimeException {
  private final List<String> flags;

  public DependencyCycleException(List<String> flags) {
    super("Detected a cycle between flags " + String.join(", ", flags));
    this.flags = List.copyOf(flags);
  }

  /** The flags on the dependency path where the cycle closed, outermost first. */
  public List<String> flags() {
    return flags;
  }
}
