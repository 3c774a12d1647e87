package io.expaudit.model;

/** How bad a finding is; {@code --fail-on} compares against it (DESIGN.md, Outputs). */
public enum Severity {
  INFO,
  WARN,
  ERROR;

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }
}
