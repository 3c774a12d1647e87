/**
 * Config lints over flag configurations, independent of events (DESIGN.md, "Checks"): one class
 * per lint implementing {@link io.expaudit.lint.ConfigLint} ({@code SEGMENT_STARVATION}, {@code
 * UNREACHABLE_SEGMENT}, {@code SALT_REUSE}, {@code UNEQUAL_WEIGHTS}, {@code FALLBACK_NOT_CONTROL},
 * {@code NAMING_CONVENTION}, {@code DEPENDENCY_CYCLE}, {@code STALE_FLAG}, {@code
 * REWEIGHT_JUMP_FORECAST}), run by {@link io.expaudit.lint.ConfigLinter} with {@link
 * io.expaudit.lint.LintSettings}; the exact arithmetic of bucket ranges ({@link
 * io.expaudit.lint.BucketSpace}); and the readable config history of a flag ({@link
 * io.expaudit.lint.ConfigHistory}, {@link io.expaudit.lint.ConfigDiff}).
 *
 * <p>May import: {@code io.expaudit.model}, {@code io.expaudit.config}, {@code io.expaudit.eval},
 * the JDK. Must not import Spark or Scala, nor do I/O: callers load the history.
 */
package io.expaudit.lint;
