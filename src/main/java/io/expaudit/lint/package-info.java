/**
 * Config lints over flag configurations, independent of events: {@code SEGMENT_STARVATION}, {@code
 * UNREACHABLE_SEGMENT}, {@code SALT_REUSE}, {@code UNEQUAL_WEIGHTS}, {@code FALLBACK_NOT_CONTROL},
 * {@code NAMING_CONVENTION}, {@code DEPENDENCY_CYCLE}, {@code STALE_FLAG}, {@code
 * REWEIGHT_JUMP_FORECAST} (see DESIGN.md, "Checks").
 *
 * <p>May import: {@code io.expaudit.model}, {@code io.expaudit.config}, {@code io.expaudit.eval},
 * the JDK. Must not import Spark or Scala.
 *
 * <p>Arrives with the {@code lint-config} command; no types live here yet.
 */
package io.expaudit.lint;
