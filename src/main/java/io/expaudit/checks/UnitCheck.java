package io.expaudit.checks;

import io.expaudit.model.Finding;
import java.util.List;

/** A unit-level check: a pure function from one unit's timeline of one flag to findings. */
public interface UnitCheck extends java.io.Serializable {
  /** The stable id written in the {@code check} column, e.g. {@code VARIANT_JUMP}. */
  String id();

  List<Finding> run(UnitFlagTimeline timeline);
}
