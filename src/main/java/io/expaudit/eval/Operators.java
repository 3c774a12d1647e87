package io.expaudit.eval;

/** What the engine knows about condition operators, for code outside the engine (the lints). */
public final class Operators {
  private Operators() {}

  /**
   * Whether {@code name} is one of the 20 served operator names (spec §6). A condition with any
   * other name is false in both engines (spec §6.3).
   */
  public static boolean isKnown(String name) {
    return name != null && Operator.of(name) != Operator.UNKNOWN;
  }
}
