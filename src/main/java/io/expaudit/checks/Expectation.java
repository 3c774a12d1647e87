package io.expaudit.checks;

import io.expaudit.config.FlagConfig;
import io.expaudit.eval.FlagResult;
import java.io.Serializable;

/**
 * What one event should have logged for one flag.
 *
 * @param status whether the expectation could be computed
 * @param version the config version used, or null
 * @param config that version's config, or null
 * @param result the engine's outcome for the flag (variant null when it has no result), or null
 *     unless {@link Status#VERIFIED}
 */
public record Expectation(Status status, Long version, FlagConfig config, FlagResult result)
    implements Serializable {

  /** Whether and why an expectation exists. */
  public enum Status {
    /** Recomputed from the config in force. */
    VERIFIED,
    /** The flag was not in the snapshot in force (deleted or archived): nothing is served. */
    NOT_SERVED,
    /** The event names a config version that is in no snapshot. */
    VERSION_UNKNOWN,
    /** The event is older than every snapshot and names no version. */
    BEFORE_HISTORY,
    /** The result depends on data the events lack (cohort membership without {@code --cohorts}). */
    UNVERIFIABLE
  }

  /** True when the expected outcome is known ({@link Status#VERIFIED} or {@link Status#NOT_SERVED}). */
  public boolean known() {
    return status == Status.VERIFIED || status == Status.NOT_SERVED;
  }

  /** The expected variant key, or null for no result or an unknown expectation. */
  public String variant() {
    return result == null ? null : result.variantKey();
  }

  /** True when a known expectation is the default ({@code off}) variant or no variant at all. */
  public boolean expectsDefault() {
    return known() && (result == null || result.variant() == null || result.isDefault());
  }
}
