package io.expaudit.model;

/** What an event says about a property: missing is a value, not an accident (STYLE.md lesson 8). */
public enum PropertyState {
  /** The key is there with a non-empty value. */
  PRESENT,
  /** The key is there with JSON null. */
  NULL,
  /** The key is there with an empty string. */
  EMPTY,
  /** The key is not there. */
  ABSENT;

  /** True for {@link #NULL}, {@link #EMPTY} and {@link #ABSENT}: no variant. */
  public boolean isMissing() {
    return this != PRESENT;
  }
}
