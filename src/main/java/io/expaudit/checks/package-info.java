/**
 * Per-unit facts and the unit-level checks. {@link io.expaudit.checks.ExpectedAssignments}
 * recomputes what each event should have logged from the flag history;
 * {@link io.expaudit.checks.UnitAuditor} turns one unit's events into per-flag timelines and runs
 * every {@link io.expaudit.checks.UnitCheck} over them. A check is one class: its id, severity,
 * a javadoc definition and a pure function from a timeline to findings. No I/O.
 *
 * <p>May import: {@code io.expaudit.model}, {@code io.expaudit.config}, {@code io.expaudit.eval},
 * {@code io.expaudit.stats}. Must not import Spark: Spark calls this code, not the other way round.
 */
package io.expaudit.checks;
