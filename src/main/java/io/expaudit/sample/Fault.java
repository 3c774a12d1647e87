package io.expaudit.sample;

/**
 * The unit-level faults a synthetic world injects: one per person, each on one flag, each meant to
 * produce exactly one finding of {@link #check()} with {@link #cause()} (the enum name) for that
 * person and flag. {@link #UNEXPLAINED} is the exception the definitions force: an SDK that logs
 * two variants for the same ids, config and context necessarily logs one that differs from the
 * recomputed variant, so it also produces {@code ASSIGNMENT_MISMATCH}/{@code BUCKET}.
 */
public enum Fault {
  /**
   * Assignments name a {@code v<N>} in no snapshot (published and reverted between captures) and
   * log the other variant than the captured version gives, so they differ under any reading.
   */
  CONFIG_VERSION_UNKNOWN(Fault.ASSIGNMENT_MISMATCH, SampleFlags.CHECKOUT),
  /** A held-out unit logged with the variant its bucket gives when the holdout is ignored. */
  DEPENDENCY(Fault.ASSIGNMENT_MISMATCH, SampleFlags.CHECKOUT),
  /** An EU unit outside the rollout logged with the variant its bucket would give inside it. */
  EXCLUDED_BUT_ASSIGNED(Fault.ASSIGNMENT_MISMATCH, SampleFlags.PRICING),
  /** An SDK build that flips control and treatment on every log of the unit. */
  BUCKET(Fault.ASSIGNMENT_MISMATCH, SampleFlags.CHECKOUT),
  /** A US iOS unit logged with the "All Other Users" variant (evaluated without its platform). */
  SEGMENT(Fault.ASSIGNMENT_MISMATCH, SampleFlags.PRICING),
  /** Two devices of one person on the device-bucketed flag, each in another variant. */
  IDENTITY_CHANGE(Fault.VARIANT_JUMP, SampleFlags.SEARCH),
  /** A unit assigned before and after the reweight, whose variant the reweight changed. */
  CONFIG_CHANGE(Fault.VARIANT_JUMP, SampleFlags.ONBOARDING),
  /** A US iOS unit that moves to Canada and so to the "All Other Users" segment. */
  TARGETING_CHANGE(Fault.VARIANT_JUMP, SampleFlags.PRICING),
  /** One exposure from a stale cache with the other variant; same ids, config and context. */
  UNEXPLAINED(Fault.VARIANT_JUMP, SampleFlags.CHECKOUT),
  /** An exposure without a variant, before the first assignment, while the unit is in a variant. */
  EXPOSURE_WITHOUT_VARIANT(Fault.NULL_PROPERTY_LEAK, SampleFlags.PRICING),
  /** One later session whose ordinary events lack the flag's user property (absent or null). */
  PROPERTY_UNSET_AFTER_ASSIGNMENT(Fault.NULL_PROPERTY_LEAK, SampleFlags.CHECKOUT),
  /** A client exposure with the right variant, sent before the unit's first assignment event. */
  EXPOSURE_BEFORE_ASSIGNMENT(Fault.NULL_PROPERTY_LEAK, SampleFlags.PRICING),
  /** A client-only person: exposures with the right variant, no assignment event at all. */
  EXPOSURE_WITHOUT_ASSIGNMENT(Fault.NULL_PROPERTY_LEAK, SampleFlags.PRICING);

  static final String ASSIGNMENT_MISMATCH = "ASSIGNMENT_MISMATCH";
  static final String VARIANT_JUMP = "VARIANT_JUMP";
  static final String NULL_PROPERTY_LEAK = "NULL_PROPERTY_LEAK";

  private final String check;
  private final String flagKey;

  Fault(String check, String flagKey) {
    this.check = check;
    this.flagKey = flagKey;
  }

  /** The check id the finding carries. */
  public String check() {
    return check;
  }

  /** The cause the finding carries. */
  public String cause() {
    return name();
  }

  /** The flag the fault is injected on. */
  public String flagKey() {
    return flagKey;
  }
}
