package io.expaudit.eval;

/** Why a flag evaluated to what it did (spec §3). */
public enum Reason {
  /** A segment matched and the hash fell into an allocation and a distribution. */
  BUCKETED,
  /** A segment matched and has no bucket: its {@code variant} applies to everyone it matches. */
  SEGMENT_VARIANT,
  /** Like {@link #SEGMENT_VARIANT}, on a segment whose conditions read other flags' results. */
  DEPENDENCY_GATE,
  /** A segment matched but the hash fell outside every allocation or distribution. */
  EXCLUDED_BY_ROLLOUT,
  /** A segment matched but the bucketing value is missing, null or empty: nothing was hashed. */
  MISSING_BUCKETING_VALUE,
  /** No segment yielded a variant: the flag has no result for this context. */
  NOT_ELIGIBLE
}
