/**
 * The {@code Check} interface, one class per check (stable kebab-case id, required columns, one
 * paragraph of javadoc: definition, default gate, source), the count aggregations checks share, and
 * {@code CheckResult}. Checks do no I/O; one failing check never stops the run.
 *
 * <p>May import: {@code io.expaudit.model}, {@code io.expaudit.config} (settings), {@code
 * io.expaudit.stats}, {@code io.expaudit.events} (schemas), Spark.
 *
 * <p>Arrives with the audit issue; no types live here yet.
 */
package io.expaudit.checks;
